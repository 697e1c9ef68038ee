-- Review sentiment per model: how many reviews, the average rating, the share of positive (4-5) and
-- negative (1-2) ratings, the average lexicon sentiment of the text, and the share of verified purchases.
select
    vehicle_model,
    count(*) as reviews,
    round(avg(rating), 2) as avg_rating,
    round(100.0 * count_if(rating >= 4) / count(*), 1) as positive_pct,
    round(100.0 * count_if(rating <= 2) / count(*), 1) as negative_pct,
    round(avg(sentiment_score), 2) as avg_sentiment,
    round(100.0 * count_if(verified_purchase) / count(*), 1) as verified_pct,
    max(created_at) as latest_review_at
from silver.reviews
group by vehicle_model