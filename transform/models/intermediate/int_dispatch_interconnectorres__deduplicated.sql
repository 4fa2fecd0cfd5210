{#- Incremental: each run re-decides only the keys with a copy loaded since the last run. -#}
{%- set key_columns = ['interconnector_id', 'interval_end', 'intervention'] %}
{%- set copy_columns = ['interval_end', 'interconnector_id', 'intervention', 'metered_mw_flow', 'mw_flow', 'mw_losses', 'export_limit_mw', 'import_limit_mw', 'last_changed', '_source_file', '_loaded_at'] %}
{{ config(materialized='incremental', unique_key=key_columns) }}

with

latest as (
    {{ deduplicate_changed(ref('stg_aemo__dispatch_interconnectorres'), key_columns, copy_columns, 'last_changed') }}
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
{{ full_build_time_order() }}
