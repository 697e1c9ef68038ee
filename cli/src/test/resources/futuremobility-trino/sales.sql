-- One row per sale (the dealer system resends some), regions in one spelling, a dealer always named.
-- Partitioned by month of sale: a run builds the months that are missing or stale, a backfill a range of them.

with ranked as (
    select *, row_number() over (partition by sale_id order by _ingested_at desc, _source_file desc, _source_line desc) as row_rank
    from bronze.ecoride_sales
    where sale_date >= date '__strata_partition_start__' and sale_date < date '__strata_partition_end__'
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