-- Sales trends: units and revenue for every month of the calendar, model and region, including months
-- without sales (a date spine), with a running year-to-date total. Partitioned by month: a month's year-to-date
-- total reads its year's months before it, so each build reads the sales from January of its year to its end
-- (the mapping in gold.yml: eleven months back), and the models and regions sold in that time.
with months as (
    select month from (select month from unnest(sequence(date '2024-01-01', date '2025-12-01', interval '1' month)) as spine(month)) calendar
    where month >= date_trunc('year', date '__strata_partition_start__') and month < date '__strata_partition_end__'
),
year_sales as (
    select * from silver.sales
    where sale_month >= date_trunc('year', date '__strata_partition_start__') and sale_month < date '__strata_partition_end__'
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
)
select * from year_to_date
where month >= date '__strata_partition_start__' and month < date '__strata_partition_end__'