{{ config(materialized='incremental', unique_key='session_id', incremental_strategy='merge') }}

-- Cleaned charging sessions: energy in kWh, durations in minutes, duplicates removed.
with delivered as (
    select * from {{ ref('raw_sessions') }}
    {% if var('late_delivery', false) %}
    -- A late file: set late_delivery to see a failing check keep main clean.
    union all
    select * from {{ ref('raw_sessions_late') }}
    {% endif %}
),
ranked as (
    select
        session_id,
        station_id,
        started_at,
        ended_at,
        {{ wh_to_kwh('energy_wh') }} as energy_kwh,
        row_number() over (partition by session_id order by ended_at desc) as copy
    from delivered
    where started_at >= date '{{ var("start_date") }}'
    {% if is_incremental() %}
      and started_at > (select max(started_at) from {{ this }})
    {% endif %}
)
select
    session_id,
    station_id,
    started_at,
    ended_at,
    date_diff('minute', started_at, ended_at) as duration_minutes,
    energy_kwh
from ranked
where copy = 1
