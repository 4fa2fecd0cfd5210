with

latest as (
    {{ deduplicate_latest(ref('stg_aemo__dispatch_unit_scada'), ['unit_code', 'interval_end'], 'last_changed') }}
)

select
    {{ interval_start('interval_end') }} as interval_start,
    interval_end,
    unit_code,
    power_mw,
    last_changed,
    _source_file,
    _loaded_at
from latest
