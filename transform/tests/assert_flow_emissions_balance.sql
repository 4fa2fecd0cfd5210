{#- The consumption-based flow emissions solve each region's balance: what a region exports
    carries its consumed intensity x = (local emissions + imported emissions) / (local
    generation + imported energy), so exports_t x (g + imports_mwh) = exports_mwh x (e +
    imports_t), to a relative 1e-6 (the solver's tolerance). Regions without loaded generation
    (emissions null) are not checked. -#}
with

flows as (
    select * from {{ ref('int_region_flows__aggregated_to_regions') }}
    where flow_exports_emissions_t is not null
        and flow_imports_emissions_t is not null
),

generation as (
    select * from {{ ref('int_region_generation__aggregated_to_regions') }}
),

sides as (
    select
        flows.interval_start as interval_start,
        flows.network_region as network_region,
        flows.flow_exports_emissions_t
        * (
            case when generation.generation_energy_mwh > 0 then generation.generation_energy_mwh else 0 end
            + flows.flow_imports_energy_mwh
        ) as exported_side,
        flows.flow_exports_energy_mwh
        * (
            case when generation.emissions_t > 0 then generation.emissions_t else 0 end
            + flows.flow_imports_emissions_t
        ) as consumed_side
    from flows
    inner join generation
        on flows.interval_start = generation.interval_start
        and flows.network_id = generation.network_id
        and flows.network_region = generation.network_region
)

select *
from sides
where abs(exported_side - consumed_side) > 1e-6 * (1 + abs(exported_side) + abs(consumed_side))
