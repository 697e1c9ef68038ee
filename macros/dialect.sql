{# SQL that Trino and Dremio spell differently. Each macro dispatches on the profile's engine (target.type):
   default__ is Trino's SQL, dremio__ Dremio's, checked against Dremio's SQL function reference (26.x). #}

{# A name Dremio's grammar reserves and Trino's does not (month, language, period, ...): bare on Trino,
   double-quoted on Dremio, which takes a reserved word as a name only in quotes. #}
{% macro reserved(name) -%}
    {{ return(adapter.dispatch('reserved')(name)) }}
{%- endmacro %}

{%- macro default__reserved(name) -%}
    {{ name }}
{%- endmacro %}

{%- macro dremio__reserved(name) -%}
    "{{ name }}"
{%- endmacro %}

{# Whole units of time from start to end ('minute', 'hour', ...). #}
{% macro time_between(unit, start, end) -%}
    {{ return(adapter.dispatch('time_between')(unit, start, end)) }}
{%- endmacro %}

{%- macro default__time_between(unit, start, end) -%}
    date_diff('{{ unit }}', {{ start }}, {{ end }})
{%- endmacro %}

{# Dremio's DATE_DIFF returns an interval; TIMESTAMPDIFF counts whole units as Trino's date_diff does. #}
{%- macro dremio__time_between(unit, start, end) -%}
    timestampdiff({{ unit | upper }}, {{ start }}, {{ end }})
{%- endmacro %}

{# Seconds since 1970-01-01 00:00:00 UTC. #}
{% macro epoch_seconds(timestamp) -%}
    {{ return(adapter.dispatch('epoch_seconds')(timestamp)) }}
{%- endmacro %}

{%- macro default__epoch_seconds(timestamp) -%}
    to_unixtime({{ timestamp }})
{%- endmacro %}

{# Dremio's UNIX_TIMESTAMP reads a string; TIMESTAMPDIFF counts whole seconds (Trino keeps the fraction). #}
{%- macro dremio__epoch_seconds(timestamp) -%}
    timestampdiff(SECOND, timestamp '1970-01-01 00:00:00', {{ timestamp }})
{%- endmacro %}

{# The timestamp (UTC) as wall-clock time in the given IANA time zone. #}
{% macro local_time(timestamp, time_zone) -%}
    {{ return(adapter.dispatch('local_time')(timestamp, time_zone)) }}
{%- endmacro %}

{%- macro default__local_time(timestamp, time_zone) -%}
    at_timezone({{ timestamp }}, {{ time_zone }})
{%- endmacro %}

{%- macro dremio__local_time(timestamp, time_zone) -%}
    convert_timezone('UTC', {{ time_zone }}, {{ timestamp }})
{%- endmacro %}

{# How many rows of the group meet the condition. #}
{% macro count_where(condition) -%}
    {{ return(adapter.dispatch('count_where')(condition)) }}
{%- endmacro %}

{%- macro default__count_where(condition) -%}
    count_if({{ condition }})
{%- endmacro %}

{# Dremio has no count_if; COUNT skips the nulls the CASE leaves, and counts 0 for no match, as count_if does. #}
{%- macro dremio__count_where(condition) -%}
    count(case when {{ condition }} then 1 end)
{%- endmacro %}

{# The value on the group's latest row by order_by. rank_column must number the group's rows from 1, latest
   first (row_number() over the same order): Dremio reads the value from the row ranked 1. #}
{% macro latest_value(value, order_by, rank_column) -%}
    {{ return(adapter.dispatch('latest_value')(value, order_by, rank_column)) }}
{%- endmacro %}

{%- macro default__latest_value(value, order_by, rank_column) -%}
    max_by({{ value }}, {{ order_by }})
{%- endmacro %}

{# Dremio has no max_by: the one non-null candidate is the value of the row ranked 1. #}
{%- macro dremio__latest_value(value, order_by, rank_column) -%}
    max(case when {{ rank_column }} = 1 then {{ value }} end)
{%- endmacro %}

{# Least-squares slope of y over x. #}
{% macro regression_slope(y, x) -%}
    {{ return(adapter.dispatch('regression_slope')(y, x)) }}
{%- endmacro %}

{%- macro default__regression_slope(y, x) -%}
    regr_slope({{ y }}, {{ x }})
{%- endmacro %}

{# Dremio has no regr_slope: covariance over variance of x, both over the pairs where y and x are present;
   null (not a division by zero) when x does not vary, as regr_slope. #}
{%- macro dremio__regression_slope(y, x) -%}
    (covar_pop({{ y }}, {{ x }}) / nullif(var_pop(case when {{ y }} is not null then {{ x }} end), 0))
{%- endmacro %}

{# The list, or an empty list for null. #}
{% macro list_or_empty(column) -%}
    {{ return(adapter.dispatch('list_or_empty')(column)) }}
{%- endmacro %}

{%- macro default__list_or_empty(column) -%}
    coalesce({{ column }}, array[])
{%- endmacro %}

{# Dremio cannot construct an empty list (dbt-dremio's array_construct refuses it too): null stays null. #}
{%- macro dremio__list_or_empty(column) -%}
    {{ column }}
{%- endmacro %}

{# How many elements the list has; 0 for null. #}
{% macro list_size(column) -%}
    {{ return(adapter.dispatch('list_size')(column)) }}
{%- endmacro %}

{%- macro default__list_size(column) -%}
    cardinality(coalesce({{ column }}, array[]))
{%- endmacro %}

{%- macro dremio__list_size(column) -%}
    coalesce(cardinality({{ column }}), 0)
{%- endmacro %}

{# A scalar of a JSON text, as a string: keys from the top, a key with a dot in it taken whole. #}
{% macro json_scalar(column, keys) -%}
    {{ return(adapter.dispatch('json_scalar')(column, keys)) }}
{%- endmacro %}

{%- macro default__json_scalar(column, keys) -%}
    json_extract_scalar({{ column }}, '${% for key in keys %}{% if '.' in key %}["{{ key }}"]{% else %}.{{ key }}{% endif %}{% endfor %}')
{%- endmacro %}

{# Dremio has no JSON path functions: CONVERT_FROM reads the text as JSON and the keys index the result. #}
{%- macro dremio__json_scalar(column, keys) -%}
    cast(convert_from({{ column }}, 'json'){% for key in keys %}['{{ key }}']{% endfor %} as varchar)
{%- endmacro %}

{# The rows of a relation with one row per element of its list of structs: key columns, then the fields. #}
{% macro flattened_rows(relation, keys, list_column, fields, relation_alias='readings', row_alias='service') -%}
    {{ return(adapter.dispatch('flattened_rows')(relation, keys, list_column, fields, relation_alias, row_alias)) }}
{%- endmacro %}

{%- macro default__flattened_rows(relation, keys, list_column, fields, relation_alias, row_alias) -%}
select distinct
{%- for key in keys %}
    {{ relation_alias }}.{{ key }},
{%- endfor %}
{%- for field in fields %}
    {{ row_alias }}.{{ field }}{% if not loop.last %},{% endif %}
{%- endfor %}
from {{ relation }} as {{ relation_alias }}
cross join unnest({{ relation_alias }}.{{ list_column }}) as {{ row_alias }}({{ fields | join(', ') }})
{%- endmacro %}

{# Dremio's FLATTEN gives one row per element (none for a null or empty list, as unnest); struct fields by name. #}
{%- macro dremio__flattened_rows(relation, keys, list_column, fields, relation_alias, row_alias) -%}
select distinct
{%- for key in keys %}
    flattened.{{ key }},
{%- endfor %}
{%- for field in fields %}
    flattened.entry['{{ field }}'] as {{ field }}{% if not loop.last %},{% endif %}
{%- endfor %}
from (select {{ keys | join(', ') }}, flatten({{ list_column }}) as entry from {{ relation }}) as flattened
{%- endmacro %}
