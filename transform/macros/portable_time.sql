{#- Time parsing and bucketing the engines spell differently. -#}

{#- An ISO 8601 timestamp with its UTC offset ('2023-10-01T08:00:00+08:00') as naive local time
    `hours` ahead of UTC (AWST: 8). -#}
{% macro offset_timestamp_to_local(column, hours) -%}
    {{ return(adapter.dispatch('offset_timestamp_to_local')(column, hours)) }}
{%- endmacro %}

{% macro default__offset_timestamp_to_local(column, hours) -%}
    {{ dbt.dateadd('hour', hours, "(cast(nullif(trim(" ~ column ~ "), '') as timestamptz) at time zone 'UTC')") }}
{%- endmacro %}

{% macro clickhouse__offset_timestamp_to_local(column, hours) -%}
    {{ dbt.dateadd('hour', hours, "parseDateTimeBestEffortOrNull(nullif(trim(" ~ column ~ "), ''), 'UTC')") }}
{%- endmacro %}

{#- 'YYYY-MM-DDTHH:MM:SSZ' (UTC) as a naive timestamp. -#}
{% macro iso_utc_timestamp(column) -%}
    cast(replace(replace(nullif(trim({{ column }}), ''), 'T', ' '), 'Z', '') as timestamp)
{%- endmacro %}

{#- 'YYYYMMDDHHMMSS' as a naive timestamp. -#}
{% macro compact_timestamp(column) -%}
    cast(
        substr({{ column }}, 1, 4) || '-' || substr({{ column }}, 5, 2) || '-' || substr({{ column }}, 7, 2)
        || ' ' || substr({{ column }}, 9, 2) || ':' || substr({{ column }}, 11, 2) || ':' || substr({{ column }}, 13, 2)
        as timestamp
    )
{%- endmacro %}

{#- The start of the `minutes`-wide bucket holding `column` (buckets aligned to midnight). -#}
{% macro floor_minutes(column, minutes) -%}
    {{ return(adapter.dispatch('floor_minutes')(column, minutes)) }}
{%- endmacro %}

{% macro default__floor_minutes(column, minutes) -%}
    time_bucket(interval {{ minutes }} minute, {{ column }})
{%- endmacro %}

{% macro postgres__floor_minutes(column, minutes) -%}
    date_bin(interval '{{ minutes }} minutes', {{ column }}, timestamp '2000-01-01')
{%- endmacro %}

{% macro clickhouse__floor_minutes(column, minutes) -%}
    toStartOfInterval({{ column }}, interval {{ minutes }} minute)
{%- endmacro %}

{#- The first day of the `period` ('day' or 'month') holding `column`, as a date. -#}
{% macro period_start(period, column) -%}
    {%- if period == 'day' -%}
        cast({{ column }} as date)
    {%- else -%}
        cast({{ dbt.date_trunc(period, column) }} as date)
    {%- endif -%}
{%- endmacro %}
