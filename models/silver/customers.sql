-- One row per customer: the CRM's latest version, with emails trimmed and lower-cased, countries as
-- ISO codes, signup dates read from any of the CRM's three formats, and implausible ages removed.
with ranked as (
    select *, {{ newest_first('customer_id') }} as row_rank
    from {{ ref('ecoride_customers') }}
)
select
    customer_id,
    trim(name) as name,
    case when age between 16 and 100 then age end as age,
    trim(city) as city,
    {{ country_code('country') }} as country,
    nullif(lower(trim(email)), '') as email,
    {{ parse_date('signup_date', ['%Y-%m-%d', '%d.%m.%Y', '%Y/%m/%d']) }} as signup_date
from ranked
where row_rank = 1
