-- Sales trends: units and revenue for every month of the calendar, model and region, including months
-- without sales (a date spine), with a running year-to-date total.
with months as (
    select month from unnest(sequence(date '2024-01-01', date '2025-12-01', interval '1' month)) as spine(month)
),
models as (
    select distinct vehicle_model from silver.sales
),
regions as (
    select distinct region from silver.sales
),
sold as (
    select sale_month, vehicle_model, region, count(*) as units, sum(price_eur) as revenue_eur
    from silver.sales
    group by sale_month, vehicle_model, region
)
select
    months.month,
    models.vehicle_model,
    regions.region,
    coalesce(sold.units, 0) as units_sold,
    coalesce(sold.revenue_eur, 0) as revenue_eur,
    round(sold.revenue_eur / sold.units, 2) as avg_price_eur,
    sum(coalesce(sold.units, 0)) over (
        partition by year(months.month), models.vehicle_model, regions.region order by months.month
    ) as units_year_to_date
from months
cross join models
cross join regions
left join sold
  on sold.sale_month = months.month and sold.vehicle_model = models.vehicle_model and sold.region = regions.region
