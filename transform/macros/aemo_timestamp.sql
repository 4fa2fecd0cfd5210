{#- AEMO publishes naive AEST timestamps as 'YYYY/MM/DD HH:MM:SS'. Engines parse them differently. -#}
{% macro aemo_timestamp(column) -%}
    {{ return(adapter.dispatch('aemo_timestamp')(column)) }}
{%- endmacro %}

{% macro default__aemo_timestamp(column) -%}
    cast(replace(nullif(trim({{ column }}), ''), '/', '-') as timestamp)
{%- endmacro %}

{% macro duckdb__aemo_timestamp(column) -%}
    strptime(nullif(trim({{ column }}), ''), '%Y/%m/%d %H:%M:%S')
{%- endmacro %}
