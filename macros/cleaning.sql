{# Cleaning helpers shared by the silver models. #}

{# Ranks the versions of a record, newest first: the last file ingested, then the last line of it.
   Keep rank 1 to de-duplicate a feed that resends or corrects records. #}
{% macro newest_first(key, order_by='') -%}
    row_number() over (partition by {{ key }} order by {{ order_by or "_ingested_at desc, _source_file desc, _source_line desc" }})
{%- endmacro %}

{# A date written in any of the given formats (Trino date_parse patterns); null when none fits,
   which includes impossible dates such as 2024-02-30. #}
{% macro parse_date(column, formats) -%}
    {{ return(adapter.dispatch('parse_date')(column, formats)) }}
{%- endmacro %}

{%- macro default__parse_date(column, formats) -%}
    coalesce(
    {%- for format in formats %}
        try(cast(date_parse(trim({{ column }}), '{{ format }}') as date)){% if not loop.last %},{% endif %}
    {%- endfor %}
    )
{%- endmacro %}

{# Dremio's TO_DATE with 1 as its third argument gives null for text that does not fit; its patterns are spelled
   YYYY, MM, DD where Trino's are %Y, %m, %d (the only ones the projects use). #}
{%- macro dremio__parse_date(column, formats) -%}
    coalesce(
    {%- for format in formats %}
        to_date(trim({{ column }}), '{{ format | replace('%Y', 'YYYY') | replace('%m', 'MM') | replace('%d', 'DD') }}', 1){% if not loop.last %},{% endif %}
    {%- endfor %}
    )
{%- endmacro %}

{# ISO 3166 alpha-2 country code from a code in any case or an English country name. #}
{% macro country_code(column) -%}
    case upper(trim({{ column }}))
        when 'GERMANY' then 'DE'
        when 'FRANCE' then 'FR'
        when 'NETHERLANDS' then 'NL'
        when 'NORWAY' then 'NO'
        when 'SWEDEN' then 'SE'
        when 'DENMARK' then 'DK'
        else upper(trim({{ column }}))
    end
{%- endmacro %}

{# The IANA time zone of a country, for local hours of the day. #}
{% macro country_time_zone(column) -%}
    case {{ column }}
        when 'DE' then 'Europe/Berlin'
        when 'FR' then 'Europe/Paris'
        when 'NL' then 'Europe/Amsterdam'
        when 'NO' then 'Europe/Oslo'
        when 'SE' then 'Europe/Stockholm'
        when 'DK' then 'Europe/Copenhagen'
        else 'UTC'
    end
{%- endmacro %}
