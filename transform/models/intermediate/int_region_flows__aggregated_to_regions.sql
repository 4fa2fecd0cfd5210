{#- Imports and exports of each NEM region per interval, by flow direction (each >= 0). -#}
{{ config(materialized='incremental', unique_key='interval_start') }}

with

directed as (
    select * from {{ ref('int_interconnector_flows__solved') }}
    where region_exporting is not null
        and region_importing is not null
    {% if is_incremental() %}
        and _loaded_at >= {{ incremental_watermark() }}
    {% endif %}
),

sides as (
    select
        interval_start,
        network_id,
        region_importing as network_region,
        power_mw as flow_imports_mw,
        cast(0 as {{ type_double() }}) as flow_exports_mw,
        energy_mwh as flow_imports_energy_mwh,
        cast(0 as {{ type_double() }}) as flow_exports_energy_mwh,
        emissions_t as flow_imports_emissions_t,
        cast(0 as {{ type_double() }}) as flow_exports_emissions_t,
        market_value as flow_imports_market_value,
        cast(0 as {{ type_double() }}) as flow_exports_market_value,
        _loaded_at
    from directed
    union all
    select
        interval_start,
        network_id,
        region_exporting as network_region,
        cast(0 as {{ type_double() }}) as flow_imports_mw,
        power_mw as flow_exports_mw,
        cast(0 as {{ type_double() }}) as flow_imports_energy_mwh,
        energy_mwh as flow_exports_energy_mwh,
        cast(0 as {{ type_double() }}) as flow_imports_emissions_t,
        emissions_t as flow_exports_emissions_t,
        cast(0 as {{ type_double() }}) as flow_imports_market_value,
        market_value as flow_exports_market_value,
        _loaded_at
    from directed
),

aggregated as (
    select
        interval_start,
        network_id,
        network_region,
        {{ strict_sum('flow_imports_mw') }} as flow_imports_mw,
        {{ strict_sum('flow_exports_mw') }} as flow_exports_mw,
        {{ strict_sum('flow_imports_energy_mwh') }} as flow_imports_energy_mwh,
        {{ strict_sum('flow_exports_energy_mwh') }} as flow_exports_energy_mwh,
        {{ strict_sum('flow_imports_emissions_t') }} as flow_imports_emissions_t,
        {{ strict_sum('flow_exports_emissions_t') }} as flow_exports_emissions_t,
        {{ strict_sum('flow_imports_market_value') }} as flow_imports_market_value,
        {{ strict_sum('flow_exports_market_value') }} as flow_exports_market_value,
        max(_loaded_at) as _loaded_at
    from sides
    group by interval_start, network_id, network_region
)

select * from aggregated
{{ full_build_time_order() }}
