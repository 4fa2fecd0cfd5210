with

latest as (
    {{ deduplicate_latest(ref('stg_aemo__dispatch_regionsum'), ['network_region', 'interval_end', 'intervention'], 'last_changed') }}
)

select
    {{ interval_start('interval_end') }} as interval_start,
    interval_end,
    network_region,
    intervention,
    total_demand_mw,
    demand_and_nonschedgen_mw,
    net_interchange_mw,
    available_generation_mw,
    dispatchable_generation_mw,
    dispatchable_load_mw,
    last_changed,
    _source_file,
    _loaded_at
from latest
