-- Sales trends: units and revenue for every month of the calendar, model and region, including months
-- without sales (a date spine), with a running year-to-date total.
with months as (
    {{ month_spine(var('calendar_start'), var('calendar_end')) }}
),
models as (
    select distinct vehicle_model from {{ ref('sales') }}
),
regions as (
    select distinct region from {{ ref('sales') }}
),
sold as (
    select sale_month, vehicle_model, region, count(*) as units, sum(price_eur) as revenue_eur
    from {{ ref('sales') }}
    group by sale_month, vehicle_model, region
)
select
    months.{{ reserved('month') }},
    models.vehicle_model,
    regions.region,
    coalesce(sold.units, 0) as units_sold,
    coalesce(sold.revenue_eur, 0) as revenue_eur,
    round(sold.revenue_eur / sold.units, 2) as avg_price_eur,
    sum(coalesce(sold.units, 0)) over (
        partition by year(months.{{ reserved('month') }}), models.vehicle_model, regions.region order by months.{{ reserved('month') }}
    ) as units_year_to_date
from months
cross join models
cross join regions
left join sold
  on sold.sale_month = months.{{ reserved('month') }} and sold.vehicle_model = models.vehicle_model and sold.region = regions.region
