-- EcoRide's model catalogue, one row per model and model year; a repeated row in the export is a
-- correction, so the last one read wins.
with ranked as (
    select *, row_number() over (partition by model, model_year order by _ingested_at desc, _source_file desc, _source_line desc) as row_rank
    from bronze.ecoride_vehicles
)
select
    model || ' ' || cast(model_year as varchar) as vehicle_key,
    model,
    model_year,
    battery_kwh,
    range_km,
    price_eur as list_price_eur,
    lower(trim(segment)) as segment
from ranked
where row_rank = 1