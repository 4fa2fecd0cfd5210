{#- Marts carry the interval START (naive network-local time): AEMO stamps the interval END. -#}
{% macro interval_start(interval_end, minutes=5) -%}
    {{ dbt.dateadd('minute', -minutes, interval_end) }}
{%- endmacro %}
