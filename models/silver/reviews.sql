-- One row per review with a valid 1-5 rating; the channel metadata flattened, including fields that only
-- some channels send (kept by bronze in _extra), and a lexicon sentiment score of the text.
with ranked as (
    select *, {{ newest_first('review_id') }} as row_rank
    from {{ ref('ecoride_reviews') }}
)
select
    review_id,
    vehicle_model,
    customer_id,
    rating,
    title,
    text,
    created_at,
    coalesce(metadata.source, 'unknown') as channel,
    metadata.{{ reserved('language') }} as {{ reserved('language') }},
    coalesce(metadata.verified_purchase, false) as verified_purchase,
    coalesce(metadata.helpful_votes, 0) as helpful_votes,
    {{ json_scalar('_extra', ['metadata.app_version']) }} as app_version,
    {{ json_scalar('_extra', ['metadata.device', 'os']) }} as device_os,
    {{ sentiment_score('text') }} as sentiment_score
from ranked
where row_rank = 1
  and rating between 1 and 5
