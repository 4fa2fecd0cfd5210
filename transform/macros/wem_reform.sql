{#- The WEM market reform (WEMDE) began with the trading day starting 2023-10-01 08:00 AWST. WEM
    models take legacy (30-minute) rows for intervals starting before it and WEMDE rows from it
    on, so no interval is counted from both. -#}
{% macro wem_reform_start() -%}
    cast('2023-10-01 08:00:00' as timestamp)
{%- endmacro %}
