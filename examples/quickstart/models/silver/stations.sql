-- One row per station, with its coordinates flattened for analysts.
select
    station_id,
    location.city as city,
    location.lat as latitude,
    location.lon as longitude,
    capacity_kw,
    lower(charger_type) as charger_type
from {{ ref('raw_stations') }}
where station_id is not null
