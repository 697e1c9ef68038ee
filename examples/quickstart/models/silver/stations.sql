-- One row per station, charger types in lower case.
select
    station_id,
    city,
    latitude,
    longitude,
    capacity_kw,
    lower(charger_type) as charger_type
from {{ ref('raw_stations') }}
where station_id is not null
