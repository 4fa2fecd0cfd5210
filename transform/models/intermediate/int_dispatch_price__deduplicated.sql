with

latest as (
    {{ deduplicate_latest(ref('stg_aemo__dispatch_price'), ['network_region', 'interval_end', 'intervention'], 'last_changed') }}
)

select
    {{ interval_start('interval_end') }} as interval_start,
    interval_end,
    network_region,
    intervention,
    price,
    price_status,
    last_changed,
    _source_file,
    _loaded_at
from latest
