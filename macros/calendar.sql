{# One row per month from start to end (dates as 'YYYY-MM-DD'), as column `month`: reports show empty months too. #}
{% macro month_spine(start, end) -%}
    select month from unnest(sequence(date '{{ start }}', date '{{ end }}', interval '1' month)) as spine(month)
{%- endmacro %}
