-- The maintenance risk score of each connected car next to the model's view of its battery: the transparent
-- score of vehicle_health_risk and the probability of a battery service within the horizon (battery_failure_risk,
-- a Java asset), with the features that raise it most.
select
    risk.vin,
    risk.vehicle_model,
    risk.risk_score,
    risk.risk_band,
    risk.battery_health_pct,
    risk.battery_trend_pct_per_month,
    prediction.probability as battery_service_probability,
    prediction.top_reasons as battery_risk_reasons,
    case
        when prediction.probability >= 0.5 then 'book a battery check'
        when prediction.probability >= 0.2 or risk.risk_band = 'high' then 'watch'
        else 'no action'
    end as battery_action
from gold.vehicle_health_risk as risk
join gold.battery_failure_risk as prediction on prediction.vin = risk.vin