{{ config(materialized='incremental', unique_key=['vin', 'recorded_at'], incremental_strategy='merge') }}

-- One telemetry reading per car and time, odometers in km, nested service flags flattened.
with arrived as (
    select *, {{ newest_first('vin, recorded_at') }} as row_rank
    from {{ ref('ecoride_vehicle_health') }}
    {% if is_incremental() %}
    where _ingested_at > (select max(ingested_at) from {{ this }})
    {% endif %}
)
select
    vin,
    recorded_at,
    battery_health_pct,
    coalesce(odometer_km, {{ miles_to_km('odometer_mi') }}) as odometer_km,
    {{ list_or_empty('error_codes') }} as error_codes,
    {{ list_size('error_codes') }} as error_code_count,
    coalesce(service_flags.brake_service_due, false) as brake_service_due,
    coalesce(service_flags.software_update_pending, false) as software_update_pending,
    {{ list_or_empty('maintenance_log') }} as maintenance_log,
    _ingested_at as ingested_at
from arrived
where row_rank = 1
