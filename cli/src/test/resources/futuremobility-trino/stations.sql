-- One row per station, the register's latest version (by updated_at), location flattened.
with ranked as (
    select *, row_number() over (partition by station_id order by updated_at desc, _source_line desc) as row_rank
    from bronze.chargenet_stations
)
select
    station_id,
    name,
    location.lat as latitude,
    location.lon as longitude,
    coalesce(location.city, 'unknown') as city,
    location.country as country,
    case location.country
        when 'DE' then 'Europe/Berlin'
        when 'FR' then 'Europe/Paris'
        when 'NL' then 'Europe/Amsterdam'
        when 'NO' then 'Europe/Oslo'
        when 'SE' then 'Europe/Stockholm'
        when 'DK' then 'Europe/Copenhagen'
        else 'UTC'
    end as time_zone,
    capacity as connectors,
    lower(trim(charger_type)) as charger_type,
    operator,
    opened_at,
    updated_at
from ranked
where row_rank = 1