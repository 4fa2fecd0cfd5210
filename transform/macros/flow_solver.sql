{#- The consumed emissions intensity of every region and interval (tCO2e/MWh): the solution x of
    the regional balance (diag(g + imports) - F^T) x = e, where g is a region's local generation
    (MWh), e its local emissions (t), F[j][i] the energy flowing from region j to region i and
    imports_i = sum_j F[j][i]. What a region consumes is its own generation and its imports,
    mixed: x_i = (e_i + sum_j F[j][i] x_j) / (g_i + imports_i).

    Solved by the fixed-point (Jacobi) iteration of that equation, unrolled `iterations` times
    (a chain of CTEs, each reading the one before exactly once, so engines that inline CTEs stay
    linear), starting from the local intensity e / g. Each step shrinks the error at least by
    the largest share of imports in a supply with local generation, and exactly settles a chain
    (a through-flow) after as many steps as its length; a loop shrinks it by the product of the
    import shares around the loop. A region with no supply (no generation, no imports) gets 0.

    `nodes`: one row per (interval_start, network_region) with generation_mwh (>= 0),
    emissions_t (>= 0) and imports_mwh; `edges`: (interval_start, region_exporting,
    region_importing, energy_mwh >= 0). Defines the CTEs `consumed_intensity_0` ..
    `consumed_intensity_<iterations>` (interval_start, network_region, intensity); the caller
    reads the last and may compare it with the one before (the last step's change). -#}
{% macro consumed_intensity_ctes(nodes, edges, iterations) -%}
consumed_intensity_0 as (
    select
        interval_start,
        network_region,
        case
            when generation_mwh > 0 then emissions_t / generation_mwh
            else 0
        end as intensity
    from {{ nodes }}
),
{%- for step in range(1, iterations + 1) %}

consumed_intensity_{{ step }} as (
    select
        nodes.interval_start as interval_start,
        nodes.network_region as network_region,
        case
            when nodes.generation_mwh + nodes.imports_mwh > 0 then
                (nodes.emissions_t + coalesce(sum(edges.energy_mwh * previous.intensity), 0))
                / (nodes.generation_mwh + nodes.imports_mwh)
            else 0
        end as intensity
    from {{ nodes }} as nodes
    left join {{ edges }} as edges
        on nodes.interval_start = edges.interval_start
        and nodes.network_region = edges.region_importing
    left join consumed_intensity_{{ step - 1 }} as previous
        on edges.interval_start = previous.interval_start
        and edges.region_exporting = previous.network_region
    group by
        nodes.interval_start,
        nodes.network_region,
        nodes.generation_mwh,
        nodes.emissions_t,
        nodes.imports_mwh
){{ ',' if not loop.last }}
{%- endfor %}
{%- endmacro %}
