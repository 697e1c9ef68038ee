-- Completed charging sessions in kWh and UTC, partitioned by the month they started in: a run builds the months
-- whose bronze files are new or changed (each month reads its month of bronze), a backfill a range of them.
{{ config(partitioned_by={'granularity': 'month', 'start': '2025-01-01', 'column': 'started_on'},
          description='Completed charging sessions in kWh and UTC, by month of start.') }}
with arrived as (
    select *, {{ newest_first('session_id') }} as row_rank
    from {{ ref('chargenet_sessions') }}
    where cast(start_time as date) >= date '{{ partition.start }}' and cast(start_time as date) < date '{{ partition.end }}'
)
select
    session_id,
    station_id,
    vin,
    vin like 'ER%' as is_ecoride_vehicle,
    start_time as started_at,
    cast(start_time as date) as started_on,
    end_time as ended_at,
    {{ time_between('minute', 'start_time', 'end_time') }} as duration_minutes,
    coalesce(energy_kwh, {{ wh_to_kwh('energy_wh') }}) as energy_kwh,
    cost_eur,
    _ingested_at as ingested_at
from arrived
where row_rank = 1
  -- Still charging (no end yet), clocks wrong (end before start) or never unplugged: not a completed session.
  and end_time > start_time
  and {{ time_between('minute', 'start_time', 'end_time') }} <= {{ var('max_session_hours') }} * 60
