{#- The physical run only (INTERVENTION = 0): INITIALMW is measured, not a target. -#}
with

physical as (
    select * from {{ ref('stg_aemo__dispatch_unit_solution') }}
    where intervention = 0
),

latest as (
    {{ deduplicate_latest('physical', ['unit_code', 'interval_end'], 'last_changed') }}
)

select
    {{ interval_start('interval_end') }} as interval_start,
    interval_end,
    unit_code,
    initial_mw,
    total_cleared_mw,
    energy_storage_mwh,
    last_changed,
    _source_file,
    _loaded_at
from latest
