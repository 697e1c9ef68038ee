-- One row per customer: the CRM's latest version, with emails trimmed and lower-cased, countries as
-- ISO codes, signup dates read from any of the CRM's three formats, and implausible ages removed.
with ranked as (
    select *, row_number() over (partition by customer_id order by _ingested_at desc, _source_file desc, _source_line desc) as row_rank
    from bronze.ecoride_customers
)
select
    customer_id,
    trim(name) as name,
    case when age between 16 and 100 then age end as age,
    trim(city) as city,
    case upper(trim(country))
        when 'GERMANY' then 'DE'
        when 'FRANCE' then 'FR'
        when 'NETHERLANDS' then 'NL'
        when 'NORWAY' then 'NO'
        when 'SWEDEN' then 'SE'
        when 'DENMARK' then 'DK'
        else upper(trim(country))
    end as country,
    nullif(lower(trim(email)), '') as email,
    coalesce(
        try(cast(date_parse(trim(signup_date), '%Y-%m-%d') as date)),
        try(cast(date_parse(trim(signup_date), '%d.%m.%Y') as date)),
        try(cast(date_parse(trim(signup_date), '%Y/%m/%d') as date))
    ) as signup_date
from ranked
where row_rank = 1