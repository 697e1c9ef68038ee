-- A transparent maintenance risk score per connected car, 0 to 100, as the sum of four parts that are
-- shown beside it: battery below the floor (40), battery fading fast (up to 30), error codes in the last
-- three readings (10 each, up to 20) and service flags now raised (5 each).
with readings as (
    select *, row_number() over (partition by vin order by recorded_at desc) as recency
    from {{ ref('vehicle_health') }}
),
per_vehicle as (
    select
        vin,
        count(*) as readings,
        max(recorded_at) as last_reading_at,
        {{ latest_value('battery_health_pct', 'recorded_at', 'recency') }} as battery_health_pct,
        {{ latest_value('odometer_km', 'recorded_at', 'recency') }} as odometer_km,
        -- Least-squares slope of state of health over time, in percentage points per 30 days.
        {{ regression_slope('battery_health_pct', epoch_seconds('recorded_at') ~ ' / 86400.0') }} * 30 as battery_trend_pct_per_month,
        sum(case when recency <= 3 then error_code_count else 0 end) as recent_error_codes,
        {{ latest_value('brake_service_due', 'recorded_at', 'recency') }} as brake_service_due,
        {{ latest_value('software_update_pending', 'recorded_at', 'recency') }} as software_update_pending
    from readings
    group by vin
),
scored as (
    select
        per_vehicle.*,
        case when battery_health_pct < {{ var('battery_health_floor_pct') }} then 40 else 0 end as battery_points,
        least(30, greatest(0, round(-coalesce(battery_trend_pct_per_month, 0) * 30))) as fade_points,
        least(20, 10 * recent_error_codes) as error_points,
        (case when brake_service_due then 5 else 0 end) + (case when software_update_pending then 5 else 0 end) as service_points
    from per_vehicle
)
select
    scored.*,
    battery_points + fade_points + error_points + service_points as risk_score,
    case
        when battery_points + fade_points + error_points + service_points >= 60 then 'high'
        when battery_points + fade_points + error_points + service_points >= 30 then 'medium'
        else 'low'
    end as risk_band,
    sales.vehicle_model,
    (select max(service_date) from {{ ref('vehicle_maintenance') }} as log where log.vin = scored.vin) as last_service_date
from scored
join {{ ref('sales') }} as sales on sales.vin = scored.vin
