{#- dbt's cross-database macros for Trino and Dremio, written from dbt's documentation of each. Every one dispatches,
    so a project's trino__x, dremio__x or default__x takes the place of the one here. -#}

{#- Aggregates -#}

{% macro any_value(expression) -%}
  {{ return(adapter.dispatch('any_value', 'dbt')(expression)) }}
{%- endmacro %}

{% macro default__any_value(expression) -%}
  any_value({{ expression }})
{%- endmacro %}

{% macro trino__any_value(expression) -%}
  arbitrary({{ expression }})
{%- endmacro %}

{#- Any value of the group is what dbt promises; Dremio's documentation does not list any_value, and min always is one. -#}
{% macro dremio__any_value(expression) -%}
  min({{ expression }})
{%- endmacro %}

{% macro bool_or(expression) -%}
  {{ return(adapter.dispatch('bool_or', 'dbt')(expression)) }}
{%- endmacro %}

{% macro default__bool_or(expression) -%}
  bool_or({{ expression }})
{%- endmacro %}

{#- dbt's delimiter_text defaults to "','"; Jinjava cannot read a comma in a default value, so it is set here. -#}
{% macro listagg(measure, delimiter_text=none, order_by_clause=none, limit_num=none) -%}
  {{ return(adapter.dispatch('listagg', 'dbt')(measure, "','" if delimiter_text is none else delimiter_text, order_by_clause, limit_num)) }}
{%- endmacro %}

{% macro default__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
  {%- if limit_num -%}
    {{ exceptions.raise_compiler_error("dbt.listagg(limit_num=" ~ limit_num ~ ") is not supported on " ~ target.type) }}
  {%- endif -%}
  listagg({{ measure }}, {{ delimiter_text }}){% if order_by_clause %} within group ({{ order_by_clause }}){% endif %}
{%- endmacro %}

{#- Trino's listagg needs WITHIN GROUP: without an order the measure's own is as good as any. With a limit, the first
    values of the ordered array, nulls left out as listagg leaves them out. -#}
{% macro trino__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
  {%- if limit_num -%}
    array_join(slice(array_agg({{ measure }}{% if order_by_clause %} {{ order_by_clause }}{% endif %}) filter (where {{ measure }} is not null), 1, {{ limit_num }}), {{ delimiter_text }})
  {%- else -%}
    listagg({{ measure }}, {{ delimiter_text }}) within group ({{ order_by_clause or 'order by ' ~ measure }})
  {%- endif -%}
{%- endmacro %}

{#- Set operators -#}

{% macro except() -%}
  {{ return(adapter.dispatch('except', 'dbt')()) }}
{%- endmacro %}

{% macro default__except() -%}
  except
{%- endmacro %}

{% macro intersect() -%}
  {{ return(adapter.dispatch('intersect', 'dbt')()) }}
{%- endmacro %}

{% macro default__intersect() -%}
  intersect
{%- endmacro %}

{#- Arrays -#}

{% macro array_construct(inputs=[], data_type='integer') -%}
  {{ return(adapter.dispatch('array_construct', 'dbt')(inputs, data_type)) }}
{%- endmacro %}

{% macro default__array_construct(inputs, data_type) -%}
  {%- if inputs | length == 0 -%}
    {{ exceptions.raise_compiler_error("dbt.array_construct([]): an empty array is not supported on " ~ target.type) }}
  {%- endif -%}
  array[{{ inputs | join(', ') }}]
{%- endmacro %}

{% macro trino__array_construct(inputs, data_type) -%}
  {%- if inputs | length == 0 -%}
    cast(array[] as array({{ data_type }}))
  {%- else -%}
    array[{{ inputs | join(', ') }}]
  {%- endif -%}
{%- endmacro %}

{% macro array_append(array, new_element) -%}
  {{ return(adapter.dispatch('array_append', 'dbt')(array, new_element)) }}
{%- endmacro %}

{% macro default__array_append(array, new_element) -%}
  array_append({{ array }}, {{ new_element }})
{%- endmacro %}

{% macro trino__array_append(array, new_element) -%}
  concat({{ array }}, array[{{ new_element }}])
{%- endmacro %}

{% macro array_concat(array_1, array_2) -%}
  {{ return(adapter.dispatch('array_concat', 'dbt')(array_1, array_2)) }}
{%- endmacro %}

{% macro default__array_concat(array_1, array_2) -%}
  array_cat({{ array_1 }}, {{ array_2 }})
{%- endmacro %}

{% macro trino__array_concat(array_1, array_2) -%}
  concat({{ array_1 }}, {{ array_2 }})
{%- endmacro %}

{#- Casts -#}

{% macro cast(field, type) -%}
  {{ return(adapter.dispatch('cast', 'dbt')(field, type)) }}
{%- endmacro %}

{% macro default__cast(field, type) -%}
  cast({{ field }} as {{ type }})
{%- endmacro %}

{#- Dremio before 26 has no try_cast: a value that does not convert fails the query, as dbt's default does. -#}
{% macro safe_cast(field, type) -%}
  {{ return(adapter.dispatch('safe_cast', 'dbt')(field, type)) }}
{%- endmacro %}

{% macro default__safe_cast(field, type) -%}
  cast({{ field }} as {{ type }})
{%- endmacro %}

{% macro trino__safe_cast(field, type) -%}
  try_cast({{ field }} as {{ type }})
{%- endmacro %}

{% macro cast_bool_to_text(field) -%}
  {{ return(adapter.dispatch('cast_bool_to_text', 'dbt')(field)) }}
{%- endmacro %}

{% macro default__cast_bool_to_text(field) -%}
  {{ dbt.cast(field, dbt.type_string()) }}
{%- endmacro %}

{#- Strings -#}

{% macro concat(fields) -%}
  {{ return(adapter.dispatch('concat', 'dbt')(fields)) }}
{%- endmacro %}

{% macro default__concat(fields) -%}
  {{ fields | join(' || ') }}
{%- endmacro %}

{% macro escape_single_quotes(expression) -%}
  {{ return(adapter.dispatch('escape_single_quotes', 'dbt')(expression)) }}
{%- endmacro %}

{% macro default__escape_single_quotes(expression) -%}
  {{ expression | replace("'", "''") }}
{%- endmacro %}

{% macro string_literal(value) -%}
  {{ return(adapter.dispatch('string_literal', 'dbt')(value)) }}
{%- endmacro %}

{% macro default__string_literal(value) -%}
  '{{ value }}'
{%- endmacro %}

{% macro hash(field) -%}
  {{ return(adapter.dispatch('hash', 'dbt')(field)) }}
{%- endmacro %}

{% macro default__hash(field) -%}
  md5(cast({{ field }} as {{ dbt.type_string() }}))
{%- endmacro %}

{#- Trino's md5 hashes varbinary into varbinary; dbt's hash is the lower-case hex text other engines give. -#}
{% macro trino__hash(field) -%}
  lower(to_hex(md5(to_utf8(cast({{ field }} as {{ dbt.type_string() }})))))
{%- endmacro %}

{% macro length(expression) -%}
  {{ return(adapter.dispatch('length', 'dbt')(expression)) }}
{%- endmacro %}

{% macro default__length(expression) -%}
  length({{ expression }})
{%- endmacro %}

{% macro position(substring_text, string_text) -%}
  {{ return(adapter.dispatch('position', 'dbt')(substring_text, string_text)) }}
{%- endmacro %}

{% macro default__position(substring_text, string_text) -%}
  position({{ substring_text }} in {{ string_text }})
{%- endmacro %}

{% macro replace(field, old_chars, new_chars) -%}
  {{ return(adapter.dispatch('replace', 'dbt')(field, old_chars, new_chars)) }}
{%- endmacro %}

{% macro default__replace(field, old_chars, new_chars) -%}
  replace({{ field }}, {{ old_chars }}, {{ new_chars }})
{%- endmacro %}

{% macro right(string_text, length_expression) -%}
  {{ return(adapter.dispatch('right', 'dbt')(string_text, length_expression)) }}
{%- endmacro %}

{% macro default__right(string_text, length_expression) -%}
  right({{ string_text }}, {{ length_expression }})
{%- endmacro %}

{#- Trino has no right(); substr from the end gives '' for a length of 0 or one longer than the text, so the text is reversed. -#}
{% macro trino__right(string_text, length_expression) -%}
  reverse(substr(reverse({{ string_text }}), 1, {{ length_expression }}))
{%- endmacro %}

{#- A negative part number counts from the end, as dbt documents it. -#}
{% macro split_part(string_text, delimiter_text, part_number) -%}
  {{ return(adapter.dispatch('split_part', 'dbt')(string_text, delimiter_text, part_number)) }}
{%- endmacro %}

{#- From the end: the number of delimiters found, plus two, plus the (negative) part number. -#}
{% macro default__split_part(string_text, delimiter_text, part_number) -%}
  {%- if part_number is number and part_number < 0 -%}
    split_part({{ string_text }}, {{ delimiter_text }}, (length({{ string_text }}) - length(replace({{ string_text }}, {{ delimiter_text }}, ''))) / length({{ delimiter_text }}) + 2 + ({{ part_number }}))
  {%- else -%}
    split_part({{ string_text }}, {{ delimiter_text }}, {{ part_number }})
  {%- endif -%}
{%- endmacro %}

{% macro trino__split_part(string_text, delimiter_text, part_number) -%}
  {%- if part_number is number and part_number < 0 -%}
    element_at(split({{ string_text }}, {{ delimiter_text }}), {{ part_number }})
  {%- else -%}
    split_part({{ string_text }}, {{ delimiter_text }}, {{ part_number }})
  {%- endif -%}
{%- endmacro %}

{#- Dates and times -#}

{% macro current_timestamp() -%}
  {{ return(adapter.dispatch('current_timestamp', 'dbt')()) }}
{%- endmacro %}

{% macro default__current_timestamp() -%}
  current_timestamp
{%- endmacro %}

{#- The current timestamp without a time zone, as dbt_utils.current_timestamp gave it. -#}
{% macro current_timestamp_backcompat() -%}
  {{ return(adapter.dispatch('current_timestamp_backcompat', 'dbt')()) }}
{%- endmacro %}

{% macro default__current_timestamp_backcompat() -%}
  cast(current_timestamp as {{ dbt.type_timestamp() }})
{%- endmacro %}

{#- Dremio's current_timestamp is in UTC already; Trino's is in the session's time zone. -#}
{% macro current_timestamp_in_utc_backcompat() -%}
  {{ return(adapter.dispatch('current_timestamp_in_utc_backcompat', 'dbt')()) }}
{%- endmacro %}

{% macro default__current_timestamp_in_utc_backcompat() -%}
  {{ dbt.current_timestamp_backcompat() }}
{%- endmacro %}

{% macro trino__current_timestamp_in_utc_backcompat() -%}
  cast(current_timestamp at time zone 'UTC' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{#- dbt.date(2024, 1, 31): a date from its parts, checked when the template renders. -#}
{% macro date(year, month, day) -%}
  {{ return(adapter.dispatch('date', 'dbt')(year, month, day)) }}
{%- endmacro %}

{% macro default__date(year, month, day) -%}
  to_date('{{ modules.datetime.date(year, month, day).strftime('%Y-%m-%d') }}', 'YYYY-MM-DD')
{%- endmacro %}

{% macro trino__date(year, month, day) -%}
  date '{{ modules.datetime.date(year, month, day).strftime('%Y-%m-%d') }}'
{%- endmacro %}

{% macro date_trunc(datepart, date) -%}
  {{ return(adapter.dispatch('date_trunc', 'dbt')(datepart, date)) }}
{%- endmacro %}

{% macro default__date_trunc(datepart, date) -%}
  date_trunc('{{ datepart }}', {{ date }})
{%- endmacro %}

{% macro dateadd(datepart, interval, from_date_or_timestamp) -%}
  {{ return(adapter.dispatch('dateadd', 'dbt')(datepart, interval, from_date_or_timestamp)) }}
{%- endmacro %}

{% macro default__dateadd(datepart, interval, from_date_or_timestamp) -%}
  dateadd({{ datepart }}, {{ interval }}, {{ from_date_or_timestamp }})
{%- endmacro %}

{% macro trino__dateadd(datepart, interval, from_date_or_timestamp) -%}
  date_add('{{ datepart }}', {{ interval }}, {{ from_date_or_timestamp }})
{%- endmacro %}

{% macro dremio__dateadd(datepart, interval, from_date_or_timestamp) -%}
  timestampadd({{ datepart | upper }}, {{ interval }}, {{ from_date_or_timestamp }})
{%- endmacro %}

{#- dbt counts the datepart boundaries crossed between the two (from 23:00 to 01:00 is one day), as Snowflake's
    datediff does; Trino and Dremio count whole units elapsed, so both sides are truncated to the datepart first. -#}
{% macro datediff(first_date, second_date, datepart) -%}
  {{ return(adapter.dispatch('datediff', 'dbt')(first_date, second_date, datepart)) }}
{%- endmacro %}

{% macro default__datediff(first_date, second_date, datepart) -%}
  datediff({{ datepart }}, {{ first_date }}, {{ second_date }})
{%- endmacro %}

{% macro trino__datediff(first_date, second_date, datepart) -%}
  date_diff('{{ datepart }}', date_trunc('{{ datepart }}', cast({{ first_date }} as {{ dbt.type_timestamp() }})), date_trunc('{{ datepart }}', cast({{ second_date }} as {{ dbt.type_timestamp() }})))
{%- endmacro %}

{% macro dremio__datediff(first_date, second_date, datepart) -%}
  timestampdiff({{ datepart | upper }}, date_trunc('{{ datepart }}', cast({{ first_date }} as {{ dbt.type_timestamp() }})), date_trunc('{{ datepart }}', cast({{ second_date }} as {{ dbt.type_timestamp() }})))
{%- endmacro %}

{#- The last day of the date's month, quarter or year, as a date. -#}
{% macro last_day(date, datepart) -%}
  {{ return(adapter.dispatch('last_day', 'dbt')(date, datepart)) }}
{%- endmacro %}

{% macro default__last_day(date, datepart) -%}
  cast({{ dbt.dateadd('day', '-1', dbt.dateadd(datepart, '1', dbt.date_trunc(datepart, date))) }} as date)
{%- endmacro %}

{% macro trino__last_day(date, datepart) -%}
  {%- if datepart == 'month' -%}
    last_day_of_month({{ date }})
  {%- else -%}
    {{ dbt.default__last_day(date, datepart) }}
  {%- endif -%}
{%- endmacro %}

{% macro dremio__last_day(date, datepart) -%}
  {%- if datepart == 'month' -%}
    last_day({{ date }})
  {%- else -%}
    {{ dbt.default__last_day(date, datepart) }}
  {%- endif -%}
{%- endmacro %}
