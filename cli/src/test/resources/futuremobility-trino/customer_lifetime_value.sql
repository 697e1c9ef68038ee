-- Customer lifetime value: what each customer spent on cars and on charging their EcoRide cars at ChargeNet,
-- and a segment from it.
with purchases as (
    select customer_id, count(*) as vehicles_bought, sum(price_eur) as vehicle_spend_eur,
           min(sale_date) as first_purchase_date, max(sale_date) as last_purchase_date
    from silver.sales
    group by customer_id
),
charging as (
    select sales.customer_id, count(*) as charging_sessions, sum(sessions.cost_eur) as charging_spend_eur
    from silver.charging_sessions as sessions
    join silver.sales as sales on sales.vin = sessions.vin
    group by sales.customer_id
)
select
    customers.customer_id,
    customers.name,
    customers.country,
    customers.signup_date,
    purchases.first_purchase_date,
    purchases.last_purchase_date,
    coalesce(purchases.vehicles_bought, 0) as vehicles_bought,
    coalesce(purchases.vehicle_spend_eur, 0) as vehicle_spend_eur,
    coalesce(charging.charging_sessions, 0) as charging_sessions,
    coalesce(charging.charging_spend_eur, 0) as charging_spend_eur,
    coalesce(purchases.vehicle_spend_eur, 0) + coalesce(charging.charging_spend_eur, 0) as lifetime_value_eur,
    case
        when purchases.vehicles_bought is null then 'prospect'
        when purchases.vehicles_bought >= 3 then 'fleet'
        when purchases.vehicles_bought = 2 then 'repeat'
        when purchases.vehicle_spend_eur >= 60000 then 'premium'
        else 'single'
    end as segment
from silver.customers as customers
left join purchases on purchases.customer_id = customers.customer_id
left join charging on charging.customer_id = customers.customer_id