{#- Interconnector flows split by direction, with energy, market value, simple emissions and the
    exporting region's local generation (the consumed-intensity solver's input); see the yml.
    Incremental: every interval with a flow, a flow of the interval before (the trapezoid), local
    generation or a price loaded since the last run is recomputed whole. -#}
{{ config(materialized='incremental', unique_key='interval_start') }}

{%- set inputs = {
    'flows': ref('int_dispatch_interconnectorres__deduplicated'),
    'generation': ref('int_region_generation__aggregated_to_regions'),
    'prices': ref('int_dispatch_price__deduplicated'),
    'trading_prices': ref('int_trading_price__spread_5m'),
} %}
{#- Incremental: every input is read from 5 minutes before the earliest interval loaded since the
    watermark (a constant bound each engine applies in its scans), so a run reads the new
    intervals, not the history. -#}
{%- if is_incremental() %}
{%- set since = 'interval_start >= ' ~ dbt.dateadd('minute', -5, earliest_changed_start(inputs.values())) %}
{%- endif %}

with

flows as (
    select
        interval_start,
        interconnector_id,
        metered_mw_flow as power_mw,
        _loaded_at
    from {{ inputs.flows }}
    where intervention = 0
    {{ 'and ' ~ since if is_incremental() }}
),

topology as (
    select * from {{ ref('int_interconnectors__deduplicated') }}
),

generation as (
    select * from {{ inputs.generation }}
    where network_id = 'NEM'
    {{ 'and ' ~ since if is_incremental() }}
),

prices as (
    select network_region, interval_start, price, _loaded_at
    from {{ inputs.prices }}
    where intervention = 0
    {{ 'and ' ~ since if is_incremental() }}
),

trading_prices as (
    select network_region, interval_start, price, _loaded_at
    from {{ inputs.trading_prices }}
    {{ 'where ' ~ since if is_incremental() }}
),

changed as (
    {% if is_incremental() %}
    select interval_start from flows where _loaded_at >= {{ incremental_watermark() }}
    union
    select {{ dbt.dateadd('minute', 5, 'interval_start') }}
    from flows where _loaded_at >= {{ incremental_watermark() }}
    union
    select interval_start from generation where _loaded_at >= {{ incremental_watermark() }}
    union
    select interval_start from prices where _loaded_at >= {{ incremental_watermark() }}
    union
    select interval_start from trading_prices where _loaded_at >= {{ incremental_watermark() }}
    {% else %}
    select distinct interval_start from flows
    {% endif %}
),

current_flows as (
    select flows.*
    from flows
    inner join changed
        on flows.interval_start = changed.interval_start
),

paired as (
    select
        current_flows.interval_start as interval_start,
        current_flows.interconnector_id as interconnector_id,
        current_flows.power_mw as power_mw,
        previous.power_mw as previous_power_mw,
        current_flows._loaded_at as flow_loaded_at,
        previous._loaded_at as previous_loaded_at
    from current_flows
    left join flows as previous
        on current_flows.interconnector_id = previous.interconnector_id
        and previous.interval_start = {{ dbt.dateadd('minute', -5, 'current_flows.interval_start') }}
),

directions as (
    select 'forward' as direction, 1 as sign
    union all
    select 'reverse' as direction, -1 as sign
),

{#- Each direction is a part of the flow of its own (as a battery's charging and discharging are):
    its MW is the flow in that direction (0 when the flow runs the other way) and its energy the
    trapezoid of this and the previous part, or part / 12 with no previous sample. -#}
parted as (
    select
        paired.interval_start as interval_start,
        paired.interconnector_id as interconnector_id,
        directions.direction as direction,
        topology.region_from as region_from,
        topology.region_to as region_to,
        case when directions.sign = 1 then topology.region_from else topology.region_to end
            as region_exporting,
        case when directions.sign = 1 then topology.region_to else topology.region_from end
            as region_importing,
        case when directions.sign * paired.power_mw > 0 then directions.sign * paired.power_mw else 0 end
            as power_mw,
        case when directions.sign * paired.previous_power_mw > 0
            then directions.sign * paired.previous_power_mw else 0 end
            as previous_power_mw,
        paired.power_mw is null as power_missing,
        paired.previous_power_mw is null as previous_missing,
        paired.flow_loaded_at as flow_loaded_at,
        paired.previous_loaded_at as previous_loaded_at
    from paired
    cross join directions
    left join topology
        on paired.interconnector_id = topology.interconnector_id
),

directed as (
    select
        interval_start,
        interconnector_id,
        direction,
        region_from,
        region_to,
        region_exporting,
        region_importing,
        case when power_missing then null else power_mw end as power_mw,
        case
            when power_missing then null
            when previous_missing then power_mw / 12
            else (power_mw + previous_power_mw) / 2 / 12
        end as energy_mwh,
        flow_loaded_at,
        previous_loaded_at
    from parted
),

{#- Every input of an interval: its rows are all recomputed when any of them is new. -#}
interval_inputs as (
    select interval_start, flow_loaded_at as _loaded_at from directed
    union all
    select interval_start, previous_loaded_at as _loaded_at from directed
    union all
    select generation.interval_start, generation._loaded_at
    from generation
    inner join changed
        on generation.interval_start = changed.interval_start
    union all
    select prices.interval_start, prices._loaded_at
    from prices
    inner join changed
        on prices.interval_start = changed.interval_start
    union all
    select trading_prices.interval_start, trading_prices._loaded_at
    from trading_prices
    inner join changed
        on trading_prices.interval_start = changed.interval_start
),

interval_loaded as (
    select interval_start, max(_loaded_at) as _loaded_at
    from interval_inputs
    group by interval_start
),

final as (
    select
        directed.interval_start as interval_start,
        'NEM' as network_id,
        directed.interconnector_id as interconnector_id,
        directed.direction as direction,
        directed.region_from as region_from,
        directed.region_to as region_to,
        directed.region_exporting as region_exporting,
        directed.region_importing as region_importing,
        directed.power_mw as power_mw,
        directed.energy_mwh as energy_mwh,
        directed.energy_mwh * coalesce(trading_prices.price, prices.price) as market_value,
        case
            when exporter_generation.network_region is not null then
                directed.energy_mwh * coalesce(exporter_generation.emissions_intensity, 0)
        end as emissions_simple_t,
        case
            when exporter_generation.generation_energy_mwh > 0 then exporter_generation.generation_energy_mwh
            when exporter_generation.network_region is not null then 0
        end as exporter_generation_mwh,
        case
            when exporter_generation.emissions_t > 0 then exporter_generation.emissions_t
            when exporter_generation.network_region is not null then 0
        end as exporter_emissions_t,
        interval_loaded._loaded_at as _loaded_at
    from directed
    inner join interval_loaded
        on directed.interval_start = interval_loaded.interval_start
    left join generation as exporter_generation
        on directed.interval_start = exporter_generation.interval_start
        and directed.region_exporting = exporter_generation.network_region
    left join prices
        on directed.interval_start = prices.interval_start
        and directed.region_importing = prices.network_region
    left join trading_prices
        on directed.interval_start = trading_prices.interval_start
        and directed.region_importing = trading_prices.network_region
)

select * from final
{{ full_build_time_order() }}
