{#- Incremental: each run re-decides only the keys with a copy loaded since the last run. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['network_region', 'interval_end', 'intervention']
    )
}}

with

copies as (
    {{ changed_copies(ref('stg_aemo__dispatch_price'), ['network_region', 'interval_end', 'intervention']) }}
),

latest as (
    {{ deduplicate_latest('copies', ['network_region', 'interval_end', 'intervention'], 'last_changed') }}
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
