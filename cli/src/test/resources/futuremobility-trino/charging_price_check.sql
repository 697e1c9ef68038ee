-- Billing check: what ChargeNet billed per kWh by charger type, against the tariff sheet's price in force at
-- the last session (tariff sheets come from the billing system as fixed-width lines, read by a Java ingest
-- asset: assets/src/main/java/io/futuremobility/assets/FutureMobilityAssets.java).
with billed as (
    select
        stations.charger_type,
        count(*) as sessions,
        sum(sessions.energy_kwh) as energy_kwh,
        sum(sessions.cost_eur) as billed_eur,
        cast(max(sessions.started_at) as date) as last_session_date
    from silver.charging_sessions as sessions
    join silver.stations as stations on stations.station_id = sessions.station_id
    group by stations.charger_type
),
tariffs as (
    select charger_type, valid_from, eur_per_kwh,
           lead(valid_from) over (partition by charger_type order by valid_from) as valid_until
    from bronze.chargenet_tariffs
)
select
    billed.charger_type,
    billed.sessions,
    round(billed.energy_kwh, 3) as energy_kwh,
    billed.billed_eur,
    round(cast(billed.billed_eur as double) / billed.energy_kwh, 4) as billed_eur_per_kwh,
    tariffs.eur_per_kwh as tariff_eur_per_kwh,
    round(100 * (cast(billed.billed_eur as double) / billed.energy_kwh - cast(tariffs.eur_per_kwh as double))
          / cast(tariffs.eur_per_kwh as double), 2) as difference_pct
from billed
left join tariffs
  on tariffs.charger_type = billed.charger_type
 and tariffs.valid_from <= billed.last_session_date
 and (tariffs.valid_until is null or tariffs.valid_until > billed.last_session_date)