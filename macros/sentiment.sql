{# A transparent lexicon score for review text: each word that praises counts +1, each that complains -1. #}
{% macro sentiment_score(column) -%}
    {%- set positive = ['great', 'smooth', 'excellent', 'love', 'quiet', 'reliable', 'fantastic', 'comfortable'] -%}
    {%- set negative = ['poor', 'slow', 'buggy', 'disappointing', 'noisy', 'expensive', 'unreliable'] -%}
    ({{ word_count(column, positive) }} - {{ word_count(column, negative) }})
{%- endmacro %}

{# How many words of the text are in the list. #}
{% macro word_count(column, words) -%}
    {{ return(adapter.dispatch('word_count')(column, words)) }}
{%- endmacro %}

{%- macro default__word_count(column, words) -%}
    cardinality(filter(regexp_extract_all(lower({{ column }}), '[a-z]+'),
        word -> contains(array[{% for word in words %}'{{ word }}'{% if not loop.last %}, {% endif %}{% endfor %}], word)))
{%- endmacro %}

{# Dremio has no lambdas or regexp_extract_all. The text's letter runs are the words: every other character
   becomes two spaces and the text is padded with one, so each word stands alone between spaces, and a word's
   count is how much shorter the text gets without ' word '. #}
{%- macro dremio__word_count(column, words) -%}
    {%- set padded = "(' ' || regexp_replace(lower(" ~ column ~ "), '[^a-z]+', '  ') || ' ')" -%}
    (
    {%- for word in words %}
        (length({{ padded }}) - length(replace({{ padded }}, ' {{ word }} ', ''))) / {{ word | length + 2 }}{% if not loop.last %} +{% endif %}
    {%- endfor %}
    )
{%- endmacro %}
