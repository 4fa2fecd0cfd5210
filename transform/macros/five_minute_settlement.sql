{#- Five-minute settlement began on 2021-10-01: NEM trading intervals are 30 minutes up to the one
    ending 2021-10-01 00:00 AEST and 5 minutes from the one starting then (ending 00:05), as in the
    MMSDM 2021_09 and 2021_10 TRADINGPRICE files. This is both the END of the last 30-minute
    interval and the START of the first 5-minute one. -#}
{% macro five_minute_settlement_start() -%}
    cast('2021-10-01 00:00:00' as timestamp)
{%- endmacro %}
