-- How the network's capacity splits across charger types.
select
    st.charger_type,
    ct.description,
    count(*) as stations,
    sum(st.capacity_kw) as capacity_kw
from {{ ref('stations') }} st
left join {{ ref('charger_types') }} ct on ct.charger_type = st.charger_type
group by 1, 2
