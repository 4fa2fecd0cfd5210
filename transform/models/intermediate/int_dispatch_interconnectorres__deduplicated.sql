with

latest as (
    {{ deduplicate_latest(ref('stg_aemo__dispatch_interconnectorres'), ['interconnector_id', 'interval_end', 'intervention'], 'last_changed') }}
)

select
    {{ interval_start('interval_end') }} as interval_start,
    interval_end,
    interconnector_id,
    intervention,
    metered_mw_flow,
    mw_flow,
    mw_losses,
    export_limit_mw,
    import_limit_mw,
    last_changed,
    _source_file,
    _loaded_at
from latest
