{#- Trading intervals were 30 minutes until five-minute settlement began on 2021-10-01: the last
    30-minute interval ends 2021/10/01 00:00 AEST and the first 5-minute one ends 00:05 (as in the
    MMSDM 2021_09 and 2021_10 TRADINGPRICE files; see five_minute_settlement_start()).
    Incremental: each run re-decides only the keys with a copy loaded since the last run. -#}
{%- set key_columns = ['network_region', 'interval_end'] %}
{%- set copy_columns = ['interval_end', 'network_region', 'period_id', 'price', 'price_status', 'last_changed', '_source_file', '_loaded_at'] %}
{{ config(materialized='incremental', unique_key=key_columns) }}

with

latest as (
    {{ deduplicate_changed(ref('stg_aemo__trading_price'), key_columns, copy_columns, 'last_changed') }}
),

sized as (
    select
        *,
        case
            when interval_end <= {{ five_minute_settlement_start() }} then 30
            else 5
        end as interval_minutes
    from latest
)

select
    case
        when interval_minutes = 30 then {{ interval_start('interval_end', 30) }}
        else {{ interval_start('interval_end') }}
    end as interval_start,
    interval_end,
    interval_minutes,
    network_region,
    period_id,
    price,
    price_status,
    last_changed,
    _source_file,
    _loaded_at
from sized
{{ full_build_time_order() }}
