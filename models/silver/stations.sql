-- One row per station, the register's latest version (by updated_at), location flattened.
with ranked as (
    select *, {{ newest_first('station_id', 'updated_at desc, _source_line desc') }} as row_rank
    from {{ ref('chargenet_stations') }}
)
select
    station_id,
    name,
    location.lat as latitude,
    location.lon as longitude,
    coalesce(location.city, 'unknown') as city,
    location.country as country,
    {{ country_time_zone('location.country') }} as time_zone,
    capacity as connectors,
    lower(trim(charger_type)) as charger_type,
    operator,
    opened_at,
    updated_at
from ranked
where row_rank = 1
