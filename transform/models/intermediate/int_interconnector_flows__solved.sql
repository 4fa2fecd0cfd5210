{#- The consumption-based emissions of each directed flow: the consumed intensity of every
    region, solved per interval (macro consumed_intensity_ctes), applied to the flows out of it.
    Reads the materialised directed flows, so the solver's unrolled steps (which ClickHouse
    inlines into one plan) re-read a small table, not the models behind it. Incremental: the
    intervals int_interconnector_flows__directed recomputed since the last run. -#}
{%- set solver_iterations = 40 %}
{{ config(materialized='incremental', unique_key='interval_start') }}

with

directed as (
    select * from {{ ref('int_interconnector_flows__directed') }}
    {% if is_incremental() %}
    where _loaded_at >= {{ incremental_watermark() }}
    {% endif %}
),

linked as (
    select * from directed
    where region_exporting is not null
        and region_importing is not null
),

edges as (
    select
        interval_start,
        region_exporting,
        region_importing,
        sum(energy_mwh) as energy_mwh
    from linked
    where energy_mwh is not null
    group by interval_start, region_exporting, region_importing
),

imports as (
    select
        interval_start,
        region_importing as network_region,
        sum(energy_mwh) as imports_mwh
    from edges
    group by interval_start, region_importing
),

{#- Every region linked by a flow (each is the exporter of one of its two directions), with its
    local generation and emissions (none where not loaded yet) and its imports. -#}
exporters as (
    select
        interval_start,
        region_exporting as network_region,
        coalesce(max(exporter_generation_mwh), 0) as generation_mwh,
        coalesce(max(exporter_emissions_t), 0) as emissions_t
    from linked
    group by interval_start, region_exporting
),

nodes as (
    select
        exporters.interval_start as interval_start,
        exporters.network_region as network_region,
        exporters.generation_mwh as generation_mwh,
        exporters.emissions_t as emissions_t,
        coalesce(imports.imports_mwh, 0) as imports_mwh
    from exporters
    left join imports
        on exporters.interval_start = imports.interval_start
        and exporters.network_region = imports.network_region
),

{{ consumed_intensity_ctes('nodes', 'edges', solver_iterations) }},

solved as (
    select
        consumed.interval_start as interval_start,
        consumed.network_region as network_region,
        consumed.intensity as intensity,
        abs(consumed.intensity - before_last.intensity) as last_step_change
    from consumed_intensity_{{ solver_iterations }} as consumed
    inner join consumed_intensity_{{ solver_iterations - 1 }} as before_last
        on consumed.interval_start = before_last.interval_start
        and consumed.network_region = before_last.network_region
),

final as (
    select
        directed.interval_start as interval_start,
        directed.network_id as network_id,
        directed.interconnector_id as interconnector_id,
        directed.direction as direction,
        directed.region_from as region_from,
        directed.region_to as region_to,
        directed.region_exporting as region_exporting,
        directed.region_importing as region_importing,
        directed.power_mw as power_mw,
        directed.energy_mwh as energy_mwh,
        directed.market_value as market_value,
        directed.emissions_simple_t as emissions_simple_t,
        case
            when directed.exporter_generation_mwh is not null then directed.energy_mwh * solved.intensity
        end as emissions_t,
        solved.intensity as exporter_consumed_intensity,
        solved.last_step_change as solver_last_step_change,
        directed._loaded_at as _loaded_at
    from directed
    left join solved
        on directed.interval_start = solved.interval_start
        and directed.region_exporting = solved.network_region
)

select * from final
{{ full_build_time_order() }}
