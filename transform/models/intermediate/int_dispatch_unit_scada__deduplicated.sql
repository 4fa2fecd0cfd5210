{#- Incremental: each run re-decides only the keys with a copy loaded since the last run. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['unit_code', 'interval_end']
    )
}}

with

copies as (
    {{ changed_copies(ref('stg_aemo__dispatch_unit_scada'), ['unit_code', 'interval_end']) }}
),

latest as (
    {{ deduplicate_latest('copies', ['unit_code', 'interval_end'], 'last_changed') }}
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
