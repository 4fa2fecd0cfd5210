{#- WEM price and demand per 5-minute interval, for fct_market_summary. The WEM is an isolated
    grid (no interconnectors), so demand is the sum of facility SCADA generation of the interval
    (positive MW of units that are not loads; SCADA of codes not in the registry counts too);
    demand_total = demand. Price: the reference trading price of the half hour containing the
    interval. Rooftop: APVI WA of the quarter hour containing it, null where APVI has none.
    Incremental: each run recomputes the intervals with a sample, price or rooftop row loaded
    since the last run. -#}
{{ config(materialized='incremental', unique_key='interval_start') }}

with

samples as (
    select * from {{ ref('int_wem_facility_scada__deduplicated') }}
),

loads as (
    select unit_code from {{ ref('dim_units') }}
    where network_id = 'WEM' and dispatch_type = 'LOAD'
),

prices as (
    select * from {{ ref('int_wem_reference_trading_price__spread_5m') }}
),

rooftop as (
    select * from {{ ref('int_wem_rooftop__spread_5m') }}
),

{% if is_incremental() %}
changed as (
    select interval_start from samples where _loaded_at >= {{ incremental_watermark() }}
    union
    select interval_start from prices where _loaded_at >= {{ incremental_watermark() }}
    union
    select interval_start from rooftop where _loaded_at >= {{ incremental_watermark() }}
),
{% endif %}

generation as (
    select
        samples.interval_start as interval_start,
        sum(case when samples.power_mw > 0 then samples.power_mw else 0 end) as demand,
        max(samples._loaded_at) as _loaded_at
    from samples
    left join loads
        on samples.facility_code = loads.unit_code
    where
        loads.unit_code is null
        {% if is_incremental() %}
        and samples.interval_start in (select interval_start from changed)
        {% endif %}
    group by samples.interval_start
),

intervals as (
    select interval_start from generation
    union
    select interval_start from prices
    {% if is_incremental() %}
    where interval_start in (select interval_start from changed)
    {% endif %}
)

select
    intervals.interval_start as interval_start,
    'WEM' as network_id,
    'WEM' as network_region,
    prices.price as price,
    generation.demand as demand,
    generation.demand as demand_total,
    rooftop.power_mw as rooftop_mw,
    greatest(
        coalesce(generation._loaded_at, prices._loaded_at),
        coalesce(prices._loaded_at, generation._loaded_at),
        coalesce(rooftop._loaded_at, generation._loaded_at, prices._loaded_at)
    ) as _loaded_at
from intervals
left join generation
    on intervals.interval_start = generation.interval_start
left join prices
    on intervals.interval_start = prices.interval_start
left join rooftop
    on intervals.interval_start = rooftop.interval_start
{{ full_build_time_order() }}
