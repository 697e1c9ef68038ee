{# Unit conversions used across the silver layer. #}
{% macro wh_to_kwh(column, scale=3) %}
    round(cast({{ column }} as double) / 1000, {{ scale }})
{%- endmacro %}
