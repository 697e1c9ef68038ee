-- The workshop log, one row per service: the nested maintenance_log lists of the telemetry, flattened.
select distinct
    readings.vin,
    service.service_date,
    service.service_type,
    service.workshop
from silver.vehicle_health as readings
cross join unnest(readings.maintenance_log) as service(service_date, service_type, workshop)