{#- Incremental: each run re-decides only the keys with a copy loaded since the last run. -#}
{%- set key_columns = ['unit_code', 'interval_end'] %}
{%- set copy_columns = ['interval_end', 'unit_code', 'energy_mwh', 'last_changed', '_source_file', '_loaded_at'] %}
{{ config(materialized='incremental', unique_key=key_columns) }}

with

latest as (
    {{ deduplicate_changed(ref('stg_aemo__meter_data_gen_duid'), key_columns, copy_columns, 'last_changed') }}
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
