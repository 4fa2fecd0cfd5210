{#- Trading intervals were 30 minutes until 2021-10-01 (settlement date 2021/10/01 04:00 AEST was
    the first 5-minute one); the interval length is derived from that cut-over. -#}
with

latest as (
    {{ deduplicate_latest(ref('stg_aemo__trading_price'), ['network_region', 'interval_end'], 'last_changed') }}
),

sized as (
    select
        *,
        case
            when interval_end <= cast('2021-10-01 04:00:00' as timestamp) then 30
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
