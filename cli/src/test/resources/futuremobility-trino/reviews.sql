-- One row per review with a valid 1-5 rating; the channel metadata flattened, including fields that only
-- some channels send (kept by bronze in _extra), and a lexicon sentiment score of the text.
with ranked as (
    select *, row_number() over (partition by review_id order by _ingested_at desc, _source_file desc, _source_line desc) as row_rank
    from bronze.ecoride_reviews
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
    metadata.language as language,
    coalesce(metadata.verified_purchase, false) as verified_purchase,
    coalesce(metadata.helpful_votes, 0) as helpful_votes,
    json_extract_scalar(_extra, '$["metadata.app_version"]') as app_version,
    json_extract_scalar(_extra, '$["metadata.device"].os') as device_os,
    (cardinality(filter(regexp_extract_all(lower(text), '[a-z]+'),
        word -> contains(array['great', 'smooth', 'excellent', 'love', 'quiet', 'reliable', 'fantastic', 'comfortable'], word))) - cardinality(filter(regexp_extract_all(lower(text), '[a-z]+'),
        word -> contains(array['poor', 'slow', 'buggy', 'disappointing', 'noisy', 'expensive', 'unreliable'], word)))) as sentiment_score
from ranked
where row_rank = 1
  and rating between 1 and 5