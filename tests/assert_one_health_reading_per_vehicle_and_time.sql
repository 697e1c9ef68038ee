-- silver.vehicle_health is merged by (vin, recorded_at): a car cannot report twice at the same instant.
select vin, recorded_at, count(*) as readings
from {{ ref('vehicle_health') }}
group by vin, recorded_at
having count(*) > 1
