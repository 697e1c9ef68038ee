-- The workshop log, one row per service: the nested maintenance_log lists of the telemetry, flattened.
{{ flattened_rows(ref('vehicle_health'), ['vin'], 'maintenance_log', ['service_date', 'service_type', 'workshop']) }}
