-- Peak hours: sessions started per city and local hour of the day, each hour's share of the city's sessions,
-- and whether it is one of the city's three busiest hours.
with started as (
    select stations.city, hour(at_timezone(sessions.started_at, stations.time_zone)) as local_hour
    from silver.charging_sessions as sessions
    join silver.stations as stations on stations.station_id = sessions.station_id
),
per_hour as (
    select city, local_hour, count(*) as sessions
    from started
    group by city, local_hour
)
select
    city,
    local_hour,
    sessions,
    round(100.0 * sessions / sum(sessions) over (partition by city), 2) as share_pct,
    rank() over (partition by city order by sessions desc) <= 3 as is_peak_hour
from per_hour