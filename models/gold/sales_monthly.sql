-- Sales trends: units and revenue for every month of the calendar, model and region, including months
-- without sales (a date spine), with a running year-to-date total. Partitioned by month: a month's year-to-date
-- total reads its year's months before it, so each build reads the sales from January of its year to its end
-- (the mapping in gold.yml: eleven months back), and the models and regions sold in that time.
with months as (
    select {{ reserved('month') }} from ({{ month_spine(var('calendar_start'), var('calendar_end')) }}) calendar
    where {{ reserved('month') }} >= date_trunc('year', date '{{ partition.start }}') and {{ reserved('month') }} < date '{{ partition.end }}'
),
year_sales as (
    select * from {{ ref('sales') }}
    where sale_month >= date_trunc('year', date '{{ partition.start }}') and sale_month < date '{{ partition.end }}'
),
models as (
    select distinct vehicle_model from year_sales
),
regions as (
    select distinct region from year_sales
),
sold as (
    select sale_month, vehicle_model, region, count(*) as units, sum(price_eur) as revenue_eur
    from year_sales
    group by sale_month, vehicle_model, region
),
year_to_date as (
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
)
select * from year_to_date
where {{ reserved('month') }} >= date '{{ partition.start }}' and {{ reserved('month') }} < date '{{ partition.end }}'
