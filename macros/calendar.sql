{# One row per month from start to end (dates as 'YYYY-MM-DD'), as column `month`: reports show empty months too. #}
{% macro month_spine(start, end) -%}
    {{ return(adapter.dispatch('month_spine')(start, end)) }}
{%- endmacro %}

{%- macro default__month_spine(start, end) -%}
    select month from unnest(sequence(date '{{ start }}', date '{{ end }}', interval '1' month)) as spine(month)
{%- endmacro %}

{# Dremio has no sequence() of dates (ARRAY_GENERATE_RANGE makes integers only): the months are listed as VALUES. #}
{%- macro dremio__month_spine(start, end) -%}
    {%- set first = (start[0:4] | int) * 12 + (start[5:7] | int) - 1 -%}
    {%- set last = (end[0:4] | int) * 12 + (end[5:7] | int) - 1 -%}
    select "month" from (values
    {%- for index in range(first, last + 1) %}
        (date '{{ '%04d' | format(index // 12) }}-{{ '%02d' | format(index % 12 + 1) }}-01'){% if not loop.last %},{% endif %}
    {%- endfor %}
    ) as spine("month")
{%- endmacro %}
