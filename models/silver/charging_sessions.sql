{{ config(materialized='incremental', unique_key='session_id', incremental_strategy='merge',
          description='Completed charging sessions in kWh and UTC; only newly ingested sessions are read on each run.') }}

-- Sessions arrive monthly and are never rewritten, so each run reads only what bronze ingested since the
-- last run and merges it by session_id (a session delivered twice is kept once).
with arrived as (
    select *, {{ newest_first('session_id') }} as row_rank
    from {{ ref('chargenet_sessions') }}
    {% if is_incremental() %}
    where _ingested_at > (select max(ingested_at) from {{ this }})
    {% endif %}
)
select
    session_id,
    station_id,
    vin,
    vin like 'ER%' as is_ecoride_vehicle,
    start_time as started_at,
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
