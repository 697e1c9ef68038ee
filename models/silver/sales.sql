-- One row per sale (the dealer system resends some), regions in one spelling, a dealer always named.
-- Partitioned by month of sale: a run builds the months that are missing or stale, a backfill a range of them.
{{ config(partitioned_by={'granularity': 'month', 'start': '2024-01-01', 'end': '2026-01-01', 'column': 'sale_date'}) }}
with ranked as (
    select *, {{ newest_first('sale_id') }} as row_rank
    from {{ ref('ecoride_sales') }}
    where sale_date >= date '{{ partition.start }}' and sale_date < date '{{ partition.end }}'
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
