-- Station utilisation: sessions, energy and revenue per station, and the share of its connector hours
-- spent charging over the observed period (first session start to last session end across the network).
with period as (
    select date_diff('hour', min(started_at), max(ended_at)) as observed_hours
    from silver.charging_sessions
),
per_station as (
    select station_id, count(*) as sessions, sum(energy_kwh) as energy_kwh, sum(cost_eur) as revenue_eur,
           sum(duration_minutes) / 60.0 as charging_hours
    from silver.charging_sessions
    group by station_id
)
select
    stations.station_id,
    stations.city,
    stations.country,
    stations.charger_type,
    stations.connectors,
    coalesce(per_station.sessions, 0) as sessions,
    round(coalesce(per_station.energy_kwh, 0), 3) as energy_kwh,
    coalesce(per_station.revenue_eur, 0) as revenue_eur,
    round(coalesce(per_station.charging_hours, 0), 2) as charging_hours,
    round(100 * coalesce(per_station.charging_hours, 0) / (stations.connectors * period.observed_hours), 2) as utilisation_pct
from silver.stations as stations
cross join period
left join per_station on per_station.station_id = stations.station_id