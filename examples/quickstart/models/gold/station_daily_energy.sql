-- Energy delivered per station and day, priced with the operations team's tariffs.
select
    s.station_id,
    st.city,
    date_trunc('day', s.started_at) as day,
    count(*) as sessions,
    sum(s.energy_kwh) as energy_kwh,
    sum(s.energy_kwh * t.price_per_kwh) as revenue_eur
from {{ ref('charging_sessions') }} s
join {{ ref('stations') }} st on st.station_id = s.station_id
left join {{ ref('tariffs') }} t on t.charger_type = st.charger_type
group by 1, 2, 3
