-- Completed charging sessions in kWh and UTC, partitioned by the month they started in: a run builds the months
-- whose bronze files are new or changed (each month reads its month of bronze), a backfill a range of them.

with arrived as (
    select *, row_number() over (partition by session_id order by _ingested_at desc, _source_file desc, _source_line desc) as row_rank
    from bronze.chargenet_sessions
    where cast(start_time as date) >= date '__strata_partition_start__' and cast(start_time as date) < date '__strata_partition_end__'
)
select
    session_id,
    station_id,
    vin,
    vin like 'ER%' as is_ecoride_vehicle,
    start_time as started_at,
    cast(start_time as date) as started_on,
    end_time as ended_at,
    date_diff('minute', start_time, end_time) as duration_minutes,
    coalesce(energy_kwh, round(cast(energy_wh as double) / 1000, 3)) as energy_kwh,
    cost_eur,
    _ingested_at as ingested_at
from arrived
where row_rank = 1
  -- Still charging (no end yet), clocks wrong (end before start) or never unplugged: not a completed session.
  and end_time > start_time
  and date_diff('minute', start_time, end_time) <= 24 * 60