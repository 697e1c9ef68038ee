{# Unit conversions: every silver table speaks kWh, km and EUR. #}
{% macro wh_to_kwh(column, scale=3) -%}
    round(cast({{ column }} as double) / 1000, {{ scale }})
{%- endmacro %}

{% macro miles_to_km(column, scale=1) -%}
    round(cast({{ column }} as double) * 1.609344, {{ scale }})
{%- endmacro %}
