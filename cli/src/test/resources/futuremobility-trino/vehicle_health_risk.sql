-- A transparent maintenance risk score per connected car, 0 to 100, as the sum of four parts that are
-- shown beside it: battery below the floor (40), battery fading fast (up to 30), error codes in the last
-- three readings (10 each, up to 20) and service flags now raised (5 each).
with readings as (
    select *, row_number() over (partition by vin order by recorded_at desc) as recency
    from silver.vehicle_health
),
per_vehicle as (
    select
        vin,
        count(*) as readings,
        max(recorded_at) as last_reading_at,
        max_by(battery_health_pct, recorded_at) as battery_health_pct,
        max_by(odometer_km, recorded_at) as odometer_km,
        -- Least-squares slope of state of health over time, in percentage points per 30 days.
        regr_slope(battery_health_pct, to_unixtime(recorded_at) / 86400.0) * 30 as battery_trend_pct_per_month,
        sum(case when recency <= 3 then error_code_count else 0 end) as recent_error_codes,
        max_by(brake_service_due, recorded_at) as brake_service_due,
        max_by(software_update_pending, recorded_at) as software_update_pending
    from readings
    group by vin
),
scored as (
    select
        per_vehicle.*,
        case when battery_health_pct < 85 then 40 else 0 end as battery_points,
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
    (select max(service_date) from silver.vehicle_maintenance as log where log.vin = scored.vin) as last_service_date
from scored
join silver.sales as sales on sales.vin = scored.vin