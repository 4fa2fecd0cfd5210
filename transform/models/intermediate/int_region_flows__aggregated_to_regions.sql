{#- PLACEHOLDER, replaced by the flows work (fct_region_flows): the columns that work provides,
    and no rows, so fct_market_summary v2 builds before it lands. -#}
with

placeholder as (
    select
        cast(null as timestamp) as interval_start,
        cast(null as varchar) as network_id,
        cast(null as varchar) as network_region,
        cast(null as {{ type_double() }}) as flow_imports_mw,
        cast(null as {{ type_double() }}) as flow_exports_mw,
        cast(null as {{ type_double() }}) as flow_imports_energy_mwh,
        cast(null as {{ type_double() }}) as flow_exports_energy_mwh,
        cast(null as {{ type_double() }}) as flow_imports_emissions_t,
        cast(null as {{ type_double() }}) as flow_exports_emissions_t,
        cast(null as {{ type_double() }}) as flow_imports_market_value,
        cast(null as {{ type_double() }}) as flow_exports_market_value,
        cast(null as timestamp) as _loaded_at
)

select * from placeholder
where 1 = 0
