{#- Incremental: each run re-decides only the keys with a copy loaded since the last run. -#}
{%- set key_columns = ['network_region', 'interval_end', 'intervention'] %}
{#- The semi-scheduled solar and wind columns were added after the first deployments: an existing
    table gains them (null for the rows it already holds until a --full-refresh of this model). -#}
{%- set copy_columns = ['interval_end', 'network_region', 'intervention', 'total_demand_mw', 'demand_and_nonschedgen_mw', 'net_interchange_mw', 'available_generation_mw', 'dispatchable_generation_mw', 'dispatchable_load_mw', 'ss_solar_uigf_mw', 'ss_solar_cleared_mw', 'ss_wind_uigf_mw', 'ss_wind_cleared_mw', 'last_changed', '_source_file', '_loaded_at'] %}
{{ config(materialized='incremental', unique_key=key_columns, on_schema_change='append_new_columns') }}

with

latest as (
    {{ deduplicate_changed(ref('stg_aemo__dispatch_regionsum'), key_columns, copy_columns, 'last_changed') }}
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
    ss_solar_uigf_mw,
    ss_solar_cleared_mw,
    ss_wind_uigf_mw,
    ss_wind_cleared_mw,
    last_changed,
    _source_file,
    _loaded_at
from latest
{{ full_build_time_order() }}
