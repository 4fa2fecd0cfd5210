{{ config(materialized='incremental', unique_key='interval_start') }}

{%- set inputs = {
    'prices': ref('int_dispatch_price__deduplicated'),
    'demand': ref('int_dispatch_regionsum__deduplicated'),
    'rooftop': ref('int_rooftop_actual__spread_5m'),
    'wem': ref('int_wem_market__aggregated_to_intervals'),
} %}
{#- Incremental: every input is read from the earliest interval loaded since the watermark (a
    constant bound each engine applies in its scans; each input is read more than once, and
    DuckDB materialises such a CTE whole). -#}
{%- if is_incremental() %}
{%- set since = 'interval_start >= ' ~ earliest_changed_start(inputs.values()) %}
{%- endif %}

with

prices as (
    select * from {{ inputs.prices }}
    where intervention = 0
    {{ 'and ' ~ since if is_incremental() }}
),

demand as (
    select * from {{ inputs.demand }}
    where intervention = 0
    {{ 'and ' ~ since if is_incremental() }}
),

rooftop as (
    select * from {{ inputs.rooftop }}
    {{ 'where ' ~ since if is_incremental() }}
),

wem as (
    select * from {{ inputs.wem }}
    {{ 'where ' ~ since if is_incremental() }}
),

{% if is_incremental() %}
changed as (
    select interval_start from prices where _loaded_at >= {{ incremental_watermark() }}
    union
    select interval_start from demand where _loaded_at >= {{ incremental_watermark() }}
    union
    select interval_start from rooftop where _loaded_at >= {{ incremental_watermark() }}
    union
    select interval_start from wem where _loaded_at >= {{ incremental_watermark() }}
),
{% endif %}

regions as (
    select network_region, interval_start from prices
    union
    select network_region, interval_start from demand
),

combined as (
    select
        regions.interval_start as interval_start,
        'NEM' as network_id,
        regions.network_region as network_region,
        prices.price,
        demand.total_demand_mw as demand,
        demand.demand_and_nonschedgen_mw as demand_total,
        rooftop.power_mw as rooftop_mw,
        greatest(
            coalesce(prices._loaded_at, demand._loaded_at),
            coalesce(demand._loaded_at, prices._loaded_at),
            coalesce(rooftop._loaded_at, prices._loaded_at, demand._loaded_at)
        ) as _loaded_at
    from regions
    {% if is_incremental() %}
    inner join changed
        on regions.interval_start = changed.interval_start
    {% endif %}
    left join prices
        on regions.network_region = prices.network_region
        and regions.interval_start = prices.interval_start
    left join demand
        on regions.network_region = demand.network_region
        and regions.interval_start = demand.interval_start
    left join rooftop
        on regions.network_region = rooftop.network_region
        and regions.interval_start = rooftop.interval_start
),

{#- The WEM: reference price, demand = its facilities' generation, APVI rooftop (see the model).
    Recomputed for every changed interval_start, as NEM rows are (the key is interval_start). -#}
wem_combined as (
    select
        wem.interval_start as interval_start,
        wem.network_id as network_id,
        wem.network_region as network_region,
        wem.price as price,
        wem.demand as demand,
        wem.demand_total as demand_total,
        wem.rooftop_mw as rooftop_mw,
        wem._loaded_at as _loaded_at
    from wem
    {% if is_incremental() %}
    inner join changed
        on wem.interval_start = changed.interval_start
    {% endif %}
),

networks as (
    select * from combined
    union all
    select * from wem_combined
),

final as (
    select
        networks.*,
        demand_total + rooftop_mw as demand_gross,
        demand / 12 as demand_energy_mwh
    from networks
)

{{ select_contract_columns('final') }}
{{ full_build_time_order() }}
