{# A transparent lexicon score for review text: each word that praises counts +1, each that complains -1. #}
{% macro sentiment_score(column) -%}
    {%- set positive = ['great', 'smooth', 'excellent', 'love', 'quiet', 'reliable', 'fantastic', 'comfortable'] -%}
    {%- set negative = ['poor', 'slow', 'buggy', 'disappointing', 'noisy', 'expensive', 'unreliable'] -%}
    ({{ word_count(column, positive) }} - {{ word_count(column, negative) }})
{%- endmacro %}

{# How many words of the text are in the list. #}
{% macro word_count(column, words) -%}
    cardinality(filter(regexp_extract_all(lower({{ column }}), '[a-z]+'),
        word -> contains(array[{% for word in words %}'{{ word }}'{% if not loop.last %}, {% endif %}{% endfor %}], word)))
{%- endmacro %}
