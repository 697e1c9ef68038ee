-- One row per sale (the dealer system resends some), regions in one spelling, a dealer always named.
with ranked as (
    select *, {{ newest_first('sale_id') }} as row_rank
    from {{ ref('ecoride_sales') }}
)
select
    sale_id,
    customer_id,
    vin,
    vehicle_model,
    model_year,
    sale_date,
    date_trunc('month', sale_date) as sale_month,
    price_eur,
    coalesce(nullif(trim(dealer), ''), 'unknown') as dealer,
    lower(trim(region)) as region
from ranked
where row_rank = 1
