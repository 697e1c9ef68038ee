

-- One telemetry reading per car and time, odometers in km, nested service flags flattened.
with arrived as (
    select *, row_number() over (partition by vin, recorded_at order by _ingested_at desc, _source_file desc, _source_line desc) as row_rank
    from bronze.ecoride_vehicle_health
    
)
select
    vin,
    recorded_at,
    battery_health_pct,
    coalesce(odometer_km, round(cast(odometer_mi as double) * 1.609344, 1)) as odometer_km,
    coalesce(error_codes, array[]) as error_codes,
    cardinality(coalesce(error_codes, array[])) as error_code_count,
    coalesce(service_flags.brake_service_due, false) as brake_service_due,
    coalesce(service_flags.software_update_pending, false) as software_update_pending,
    coalesce(maintenance_log, array[]) as maintenance_log,
    _ingested_at as ingested_at
from arrived
where row_rank = 1