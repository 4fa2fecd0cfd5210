{#- Every market metric of the v4 API per network, region and 5-minute interval (see the yml for
    each definition). Incremental (delete+insert by interval_start): an interval is recomputed
    whole when any of its inputs was loaded since the newest `_loaded_at` here, and so is the
    interval after it (its trapezoid energies use this one), and every interval past a region's
    newest rooftop value (which is carried onto them). -#}
{{ config(materialized='incremental', unique_key='interval_start') }}

{%- set flow_columns = [
    ('flow_imports_mw', 'flow_imports'),
    ('flow_exports_mw', 'flow_exports'),
    ('flow_imports_energy_mwh', 'flow_imports_energy'),
    ('flow_exports_energy_mwh', 'flow_exports_energy'),
    ('flow_imports_emissions_t', 'flow_imports_emissions'),
    ('flow_exports_emissions_t', 'flow_exports_emissions'),
    ('flow_imports_market_value', 'flow_imports_market_value'),
    ('flow_exports_market_value', 'flow_exports_market_value'),
] %}

{#- Incremental: every input is read from `since` on (5 minutes before the earliest interval
    that can change: the earliest input loaded since the watermark, or the interval after a
    region's newest rooftop value), a constant bound each engine applies in its scans, so a run
    reads the new intervals, not the history. -#}
{%- set inputs = {
    'prices': ref('int_dispatch_price__deduplicated'),
    'regionsum': ref('int_dispatch_regionsum__deduplicated'),
    'wem': ref('int_wem_market__aggregated_to_intervals'),
    'rooftop_nem': ref('int_rooftop_actual__spread_5m'),
    'rooftop_wem': ref('int_wem_rooftop__spread_5m'),
    'generation': ref('int_region_generation__aggregated_to_regions'),
    'flows': ref('int_region_flows__aggregated_to_regions'),
} %}
{%- if is_incremental() %}
{%- set newest_rooftop -%}
        select min(newest_start) as changed_start from (
            {%- for relation in [inputs.rooftop_nem, inputs.rooftop_wem] %}
            {{ 'union all' if not loop.first }}
            select network_region, max(interval_start) as newest_start
            from {{ relation }}
            group by network_region
            {%- endfor %}
        ) as newest_rooftop
{%- endset %}
{%- set earliest = earliest_changed_start(inputs.values(), also=newest_rooftop) %}
{%- set since = 'interval_start >= ' ~ dbt.dateadd('minute', -5, earliest) %}
{%- endif %}

with

prices as (
    select * from {{ inputs.prices }}
    where intervention = 0
    {{ 'and ' ~ since if is_incremental() }}
),

regionsum as (
    select * from {{ inputs.regionsum }}
    where intervention = 0
    {{ 'and ' ~ since if is_incremental() }}
),

wem as (
    select * from {{ inputs.wem }}
    {{ 'where ' ~ since if is_incremental() }}
),

rooftop as (
    select interval_start, network_id, network_region, power_mw, _loaded_at
    from {{ inputs.rooftop_nem }}
    {{ 'where ' ~ since if is_incremental() }}
    union all
    select interval_start, network_id, network_region, power_mw, _loaded_at
    from {{ inputs.rooftop_wem }}
    {{ 'where ' ~ since if is_incremental() }}
),

generation as (
    select * from {{ inputs.generation }}
    {{ 'where ' ~ since if is_incremental() }}
),

flows as (
    select * from {{ inputs.flows }}
    {{ 'where ' ~ since if is_incremental() }}
),

{#- Each region's newest rooftop value, carried onto the intervals after it until the next
    arrives (which then replaces it). -#}
rooftop_newest as (
    select
        rooftop.network_id as network_id,
        rooftop.network_region as network_region,
        rooftop.interval_start as interval_start,
        rooftop.power_mw as power_mw,
        rooftop._loaded_at as _loaded_at
    from rooftop
    inner join (
        select network_id, network_region, max(interval_start) as newest_start
        from rooftop
        group by network_id, network_region
    ) as newest
        on rooftop.network_id = newest.network_id
        and rooftop.network_region = newest.network_region
        and rooftop.interval_start = newest.newest_start
),

nem_keys as (
    select network_region, interval_start from prices
    union
    select network_region, interval_start from regionsum
),

{#- The rows of the mart: NEM regions with a price or demand (INTERVENTION = 0 only), and the
    WEM (reference price, demand = its facilities' generation; no curtailment published). -#}
market as (
    select
        nem_keys.interval_start as interval_start,
        'NEM' as network_id,
        nem_keys.network_region as network_region,
        prices.price as price,
        regionsum.total_demand_mw as demand,
        regionsum.demand_and_nonschedgen_mw as demand_total,
        {{ non_negative('regionsum.ss_solar_uigf_mw - regionsum.ss_solar_cleared_mw') }} as curtailment_solar_utility,
        {{ non_negative('regionsum.ss_wind_uigf_mw - regionsum.ss_wind_cleared_mw') }} as curtailment_wind,
        greatest(
            coalesce(prices._loaded_at, regionsum._loaded_at),
            coalesce(regionsum._loaded_at, prices._loaded_at)
        ) as _loaded_at
    from nem_keys
    left join prices
        on nem_keys.network_region = prices.network_region
        and nem_keys.interval_start = prices.interval_start
    left join regionsum
        on nem_keys.network_region = regionsum.network_region
        and nem_keys.interval_start = regionsum.interval_start
    union all
    select
        wem.interval_start as interval_start,
        wem.network_id as network_id,
        wem.network_region as network_region,
        wem.price as price,
        wem.demand as demand,
        wem.demand_total as demand_total,
        cast(null as {{ type_double() }}) as curtailment_solar_utility,
        cast(null as {{ type_double() }}) as curtailment_wind,
        wem._loaded_at as _loaded_at
    from wem
),

{% if is_incremental() %}
changed as (
    select interval_start from market where _loaded_at >= {{ incremental_watermark() }}
    union
    select interval_start from rooftop where _loaded_at >= {{ incremental_watermark() }}
    union
    select interval_start from generation where _loaded_at >= {{ incremental_watermark() }}
    union
    select interval_start from flows where _loaded_at >= {{ incremental_watermark() }}
    union
    select market.interval_start
    from market
    inner join rooftop_newest
        on market.network_id = rooftop_newest.network_id
        and market.network_region = rooftop_newest.network_region
    where market.interval_start > rooftop_newest.interval_start
),

{#- The intervals read: each changed one, the one after it (rebuilt too: its trapezoids read
    the changed one) and the one before it (read only, for the changed one's trapezoids). Built
    from one reference to `changed` (ClickHouse inlines every reference to a CTE). -#}
needed as (
    select
        {{ dbt.dateadd('minute', 'offsets.step', 'changed.interval_start') }} as interval_start,
        max(case when offsets.step >= 0 then 1 else 0 end) as is_target
    from changed
    cross join (
        select -5 as step
        union all select 0
        union all select 5
    ) as offsets
    group by {{ dbt.dateadd('minute', 'offsets.step', 'changed.interval_start') }}
),
{% endif %}

powers as (
    select
        market.interval_start as interval_start,
        market.network_id as network_id,
        market.network_region as network_region,
        market.price as price,
        market.demand as demand,
        market.demand_total as demand_total,
        coalesce(
            rooftop.power_mw,
            case when market.interval_start > rooftop_newest.interval_start then rooftop_newest.power_mw end
        ) as rooftop,
        generation.generation_mw as generation,
        generation.generation_energy_mwh as generation_energy,
        generation.generation_renewable_mw as utility_renewable,
        generation.generation_renewable_energy_mwh as utility_renewable_energy,
        generation.generation_renewable_with_storage_mw as utility_renewable_with_storage,
        generation.generation_renewable_with_storage_energy_mwh as utility_renewable_with_storage_energy,
        generation.emissions_t as emissions,
        generation.emissions_intensity as emissions_intensity,
        market.curtailment_solar_utility as curtailment_solar_utility,
        market.curtailment_wind as curtailment_wind,
        {%- for source_column, column in flow_columns %}
        {#- The WEM is an isolated grid: its flows are 0, not missing. #}
        case when market.network_id = 'WEM' then 0 else flows.{{ source_column }} end as {{ column }},
        {%- endfor %}
        greatest(
            market._loaded_at,
            coalesce(rooftop._loaded_at, rooftop_newest._loaded_at, market._loaded_at),
            coalesce(generation._loaded_at, market._loaded_at),
            coalesce(flows._loaded_at, market._loaded_at)
        ) as inputs_loaded_at,
        {{ 'needed.is_target' if is_incremental() else '1' }} as is_target
    from market
    {% if is_incremental() %}
    inner join needed
        on market.interval_start = needed.interval_start
    {% endif %}
    left join rooftop
        on market.network_id = rooftop.network_id
        and market.network_region = rooftop.network_region
        and market.interval_start = rooftop.interval_start
    left join rooftop_newest
        on market.network_id = rooftop_newest.network_id
        and market.network_region = rooftop_newest.network_region
    left join generation
        on market.network_id = generation.network_id
        and market.network_region = generation.network_region
        and market.interval_start = generation.interval_start
    left join flows
        on market.network_id = flows.network_id
        and market.network_region = flows.network_region
        and market.interval_start = flows.interval_start
),

derived as (
    select
        powers.*,
        demand_total + rooftop as demand_gross,
        utility_renewable + rooftop as generation_renewable,
        utility_renewable_with_storage + rooftop as generation_renewable_with_storage,
        curtailment_solar_utility + curtailment_wind as curtailment
    from powers
),

{#- The previous interval's values, where the row before is exactly 5 minutes earlier. -#}
{%- set by_region = 'over (partition by network_id, network_region order by interval_start)' %}
paired as (
    select
        derived.*,
        {%- for column in ['demand', 'demand_gross', 'rooftop', 'curtailment_solar_utility', 'curtailment_wind', 'inputs_loaded_at'] %}
        case
            when lag(interval_start) {{ by_region }} = {{ dbt.dateadd('minute', -5, 'interval_start') }}
                then lag({{ column }}) {{ by_region }}
        end as previous_{{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from derived
),

energies as (
    select
        paired.*,
        {{ interval_energy('demand', 'previous_demand') }} as demand_energy,
        {{ interval_energy('demand_gross', 'previous_demand_gross') }} as demand_gross_energy,
        {{ interval_energy('rooftop', 'previous_rooftop') }} as rooftop_energy,
        {{ interval_energy('curtailment_solar_utility', 'previous_curtailment_solar_utility') }}
            as curtailment_solar_utility_energy,
        {{ interval_energy('curtailment_wind', 'previous_curtailment_wind') }} as curtailment_wind_energy
    from paired
),

final as (
    select
        energies.*,
        demand_energy * price as demand_market_value,
        utility_renewable_energy + rooftop_energy as generation_renewable_energy,
        utility_renewable_with_storage_energy + rooftop_energy as generation_renewable_with_storage_energy,
        {{ bounded_percentage('generation_renewable', 'demand_gross') }} as renewable_proportion,
        {{ bounded_percentage('generation_renewable_with_storage', 'demand_gross') }}
            as renewable_with_storage_proportion,
        curtailment_solar_utility_energy + curtailment_wind_energy as curtailment_energy,
        {#- the previous interval's inputs count too: the trapezoids read them -#}
        greatest(inputs_loaded_at, coalesce(previous_inputs_loaded_at, inputs_loaded_at)) as _loaded_at
    from energies
    where is_target = 1
)

{{ select_contract_columns('final') }}
{{ full_build_time_order() }}
