-- A session that ends before it starts is a data error: every returned row is a failure.
select session_id, started_at, ended_at
from {{ ref('charging_sessions') }}
where ended_at < started_at
