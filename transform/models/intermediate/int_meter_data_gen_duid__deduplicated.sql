with

latest as (
    {{ deduplicate_latest(ref('stg_aemo__meter_data_gen_duid'), ['unit_code', 'interval_end'], 'last_changed') }}
)

select
    {{ interval_start('interval_end') }} as interval_start,
    interval_end,
    unit_code,
    energy_mwh,
    last_changed,
    _source_file,
    _loaded_at
from latest
