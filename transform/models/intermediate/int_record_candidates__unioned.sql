{#- Every value a record can be set by: one row per record series (network, region, fueltech
    group, metric, period) and period start, from the marts. Incremental: every (period, start)
    holding a source row loaded at or after the newest `_loaded_at` here is deleted and rebuilt
    whole, for every series. See the yml for the rules. -#}
{{ config(materialized='incremental', unique_key=['period', 'interval_start']) }}

{%- set fossil_groups = "('coal', 'gas', 'distillate')" %}
{%- set rooftop_groups = "('solar', 'renewables')" %}
{#- The periods kept (var `record_periods`, default all): a deployment, or a unit test, may keep fewer. -#}
{%- set periods = var('record_periods', ['interval', 'day', 'month', 'quarter', 'year', 'financial_year']) %}

with

load_fueltechs as (
    select fueltech_id from {{ ref('dim_fueltechs') }}
    where is_load
),

network_regions as (
    select
        network_id,
        count(*) as region_count
    from {{ ref('network_regions') }}
    group by network_id
),

{#- Generation (loads are not generation) at each grain the fueltech marts keep. -#}
fueltech_5m as (
    select * from {{ ref('fct_fueltech_intervals_5m') }}
    where fueltech_id not in (select fueltech_id from load_fueltechs)
),

fueltech_daily as (
    select * from {{ ref('fct_fueltech_intervals_daily') }}
    where fueltech_id not in (select fueltech_id from load_fueltechs)
),

fueltech_monthly as (
    select * from {{ ref('fct_fueltech_intervals_monthly') }}
    where fueltech_id not in (select fueltech_id from load_fueltechs)
),

{#- Market 5-minute rows per region. To wire in with fct_market_summary v2:
    renewable_proportion rides along here, and market_periods reads the daily/monthly market
    marts instead of these rows. -#}
market_5m as (
    select
        interval_start,
        network_id,
        network_region,
        price,
        demand,
        demand_energy_mwh,
        _loaded_at
    from {{ ref('fct_market_summary') }}
),

{#- The (period, start) pairs to rebuild: every period holding a changed source row. A WEM
    5-minute row also changes the AU interval two hours later (AU runs on NEM time). -#}
{% if is_incremental() %}
changed_5m_rows as (
    select interval_start, network_id from fueltech_5m where _loaded_at >= {{ incremental_watermark() }}
    union
    select interval_start, network_id from market_5m where _loaded_at >= {{ incremental_watermark() }}
),

{#- On its own clock, and a WEM row on NEM time too (for AU; the periods holding that time are
    rebuilt as well, which is harmless and keeps every row an AU interval needs in scope). -#}
changed_5m as (
    select interval_start from changed_5m_rows
    union
    select {{ dbt.dateadd('hour', 2, 'interval_start') }} as interval_start
    from changed_5m_rows
    where network_id = 'WEM'
),

changed as (
    select 'interval' as period, interval_start from changed_5m
    {%- for period in record_periods_of('five_minute_periods') %}
    union
    select '{{ period }}' as period, {{ record_period_start(period, 'interval_start') }} as interval_start
    from changed_5m
    {%- endfor %}
    union
    select 'day' as period, {{ record_period_start('day', 'interval_day') }} as interval_start
    from fueltech_daily
    where _loaded_at >= {{ incremental_watermark() }}
    {%- for period in record_periods_of('month') %}
    union
    select '{{ period }}' as period, {{ record_period_start(period, 'interval_month') }} as interval_start
    from fueltech_monthly
    where _loaded_at >= {{ incremental_watermark() }}
    {%- endfor %}
),

{#- The market rows a changed period needs (a period is at most a year or a financial year; a
    WEM row also counts towards the AU interval two hours later). -#}
market_scope as (
    select * from market_5m
    where
        {{ record_period_start('year', 'interval_start') }} in (select interval_start from changed where period = 'year')
        or {{ record_period_start('year', dbt.dateadd('hour', 2, 'interval_start')) }} in (select interval_start from changed where period = 'year')
        or {{ record_period_start('financial_year', 'interval_start') }} in (select interval_start from changed where period = 'financial_year')
),
{% else %}
market_scope as (
    select * from market_5m
),
{% endif %}

{#- Fueltech member rows: one per period, network, region and fueltech. AU (NEM + WEM) is kept
    at the 5-minute interval only, on NEM time (WEM + 2 hours): the networks' days and months
    start two hours apart, so their period sums do not add up to an Australian day or month. -#}
fueltech_members as (
    {{ record_fueltech_members('fueltech_5m', 'interval', 'interval_start', power='power_mw', interval_count='1') }}
    union all
    {{ record_fueltech_members(
        'fueltech_5m', 'interval',
        "case when network_id = 'WEM' then " ~ dbt.dateadd('hour', 2, 'interval_start') ~ " else interval_start end",
        network="'AU'", power='power_mw', interval_count='1'
    ) }}
    union all
    {{ record_fueltech_members('fueltech_daily', 'day', 'interval_day') }}
    {%- for period in record_periods_of('month') %}
    union all
    {{ record_fueltech_members('fueltech_monthly', period, 'interval_month') }}
    {%- endfor %}
),

{#- A member over several months is summed first, so its interval_count covers the period. -#}
fueltech_period_members as (
    select
        fueltech_members.period,
        fueltech_members.interval_start,
        fueltech_members.network_id,
        fueltech_members.source_network_id,
        fueltech_members.network_region,
        fueltech_members.fueltech_id,
        fueltech_members.fueltech_group_id,
        fueltech_members.is_renewable,
        sum(fueltech_members.power_mw) as power_mw,
        sum(fueltech_members.energy_mwh) as energy_mwh,
        sum(fueltech_members.emissions_t) as emissions_t,
        sum(fueltech_members.interval_count) as interval_count,
        max(fueltech_members._loaded_at) as _loaded_at
    from fueltech_members
    {% if is_incremental() %}
    inner join changed
        on fueltech_members.period = changed.period
        and fueltech_members.interval_start = changed.interval_start
    {% endif %}
    group by
        fueltech_members.period,
        fueltech_members.interval_start,
        fueltech_members.network_id,
        fueltech_members.source_network_id,
        fueltech_members.network_region,
        fueltech_members.fueltech_id,
        fueltech_members.fueltech_group_id,
        fueltech_members.is_renewable
),

{#- Each member in each group it counts towards: its fueltech group (ClickHouse stores a missing
    one as ''), renewables or fossil, and
    (fueltech_group null) the total, which only emissions records use; rooftop PV emits nothing
    and is left out of the total, so its late arrival does not hold the total back. -#}
group_members as (
    select *, fueltech_group_id as fueltech_group
    from fueltech_period_members
    where coalesce(fueltech_group_id, '') <> ''
    union all
    select *, 'renewables' as fueltech_group
    from fueltech_period_members
    where is_renewable
    union all
    select *, 'fossil' as fueltech_group
    from fueltech_period_members
    where fueltech_group_id in {{ fossil_groups }}
    union all
    select *, cast(null as varchar) as fueltech_group
    from fueltech_period_members
    where fueltech_id <> 'solar_rooftop'
),

{#- The WEM is one region: its region series would repeat its network series. -#}
multi_region_members as (
    select group_members.*
    from group_members
    inner join network_regions
        on group_members.network_id = network_regions.network_id
    where network_regions.region_count > 1
),

fueltech_groups as (
    {{ record_fueltech_group_sums('group_members', by_region=false) }}
    union all
    {{ record_fueltech_group_sums('multi_region_members', by_region=true) }}
),

{#- Complete: every member covers every 5-minute interval of the period; a group holding rooftop
    PV (solar, renewables) has it in every region it covers; AU has both networks. -#}
fueltech_complete as (
    select
        *,
        (
            interval_count = {{ record_period_intervals('period', 'interval_start') }}
            and (fueltech_group not in {{ rooftop_groups }} or fueltech_group is null or rooftop_region_count = region_count)
            and (network_id <> 'AU' or network_count = 2)
        ) as is_complete
    from fueltech_groups
),

fueltech_candidates as (
    select
        network_id, network_region, fueltech_group, 'power' as metric, period, interval_start,
        power_mw as value, 'MW' as unit, is_complete, _loaded_at
    from fueltech_complete
    where period = 'interval' and fueltech_group is not null
    union all
    select
        network_id, network_region, fueltech_group, 'energy' as metric, period, interval_start,
        energy_mwh as value, 'MWh' as unit, is_complete, _loaded_at
    from fueltech_complete
    where period <> 'interval' and fueltech_group is not null
    union all
    select
        network_id, network_region, fueltech_group, 'emissions' as metric, period, interval_start,
        emissions_t as value, 't' as unit, is_complete, _loaded_at
    from fueltech_complete
    where period <> 'interval' and (fueltech_group is null or fueltech_group in {{ fossil_groups }} or fueltech_group = 'fossil')
),

{#- Market series at the 5-minute interval: each NEM region, and each network from its regions:
    demand the SUM of the regions' demand (never their mean), price the mean of the regional
    prices (the public API's network price); complete when every region of the network reports. -#}
market_regions as (
    select
        market_scope.interval_start,
        market_scope.network_id,
        market_scope.network_region,
        market_scope.price,
        market_scope.demand,
        market_scope.demand_energy_mwh,
        market_scope.price is not null as price_is_complete,
        market_scope.demand is not null as demand_is_complete,
        market_scope._loaded_at
    from market_scope
    inner join network_regions
        on market_scope.network_id = network_regions.network_id
    where network_regions.region_count > 1
),

market_networks as (
    select
        market_scope.interval_start,
        market_scope.network_id,
        cast(null as varchar) as network_region,
        avg(market_scope.price) as price,
        sum(market_scope.demand) as demand,
        sum(market_scope.demand_energy_mwh) as demand_energy_mwh,
        count(market_scope.price) = max(network_regions.region_count) as price_is_complete,
        count(market_scope.demand) = max(network_regions.region_count) as demand_is_complete,
        max(market_scope._loaded_at) as _loaded_at
    from market_scope
    inner join network_regions
        on market_scope.network_id = network_regions.network_id
    group by
        market_scope.interval_start,
        market_scope.network_id
),

{#- AU demand: the NEM's and the WEM's regions summed on NEM time; complete with all regions. -#}
market_au as (
    select
        case
            when market_scope.network_id = 'WEM' then {{ dbt.dateadd('hour', 2, 'market_scope.interval_start') }}
            else market_scope.interval_start
        end as interval_start,
        market_scope.demand,
        market_scope._loaded_at
    from market_scope
),

market_au_intervals as (
    select
        interval_start,
        'AU' as network_id,
        cast(null as varchar) as network_region,
        sum(demand) as demand,
        count(demand) = (select sum(region_count) from network_regions) as demand_is_complete,
        max(_loaded_at) as _loaded_at
    from market_au
    group by interval_start
),

market_series as (
    select * from market_regions
    union all
    select * from market_networks
),

market_intervals as (
    select
        market_series.*,
        'interval' as period
    from market_series
    {% if is_incremental() %}
    inner join changed
        on changed.period = 'interval'
        and market_series.interval_start = changed.interval_start
    {% endif %}
),

{#- Market period series (mean price, demand energy) from the 5-minute rows of each period. -#}
market_periods as (
    {%- for period in record_periods_of('five_minute_periods') %}
    {{ 'union all' if not loop.first }}
    select market_period.*
    from (
        {{ record_market_period('market_series', period) }}
    ) as market_period
    {% if is_incremental() %}
    inner join changed
        on changed.period = market_period.period
        and market_period.interval_start = changed.interval_start
    {% endif %}
    {%- endfor %}
),

market_candidates as (
    select
        network_id, network_region, cast(null as varchar) as fueltech_group, 'price' as metric,
        period, interval_start, price as value, '$/MWh' as unit, price_is_complete as is_complete, _loaded_at
    from market_intervals
    union all
    select
        network_id, network_region, cast(null as varchar) as fueltech_group, 'demand' as metric,
        period, interval_start, demand as value, 'MW' as unit, demand_is_complete as is_complete, _loaded_at
    from market_intervals
    union all
    select
        market_au_intervals.network_id, market_au_intervals.network_region, cast(null as varchar) as fueltech_group,
        'demand' as metric, 'interval' as period, market_au_intervals.interval_start,
        market_au_intervals.demand as value, 'MW' as unit, market_au_intervals.demand_is_complete as is_complete,
        market_au_intervals._loaded_at
    from market_au_intervals
    {% if is_incremental() %}
    inner join changed
        on changed.period = 'interval'
        and market_au_intervals.interval_start = changed.interval_start
    {% endif %}
    union all
    select
        network_id, network_region, cast(null as varchar) as fueltech_group, 'price' as metric,
        period, interval_start, price as value, '$/MWh' as unit,
        price_intervals = {{ record_period_intervals('period', 'interval_start') }} as is_complete, _loaded_at
    from market_periods
    union all
    select
        network_id, network_region, cast(null as varchar) as fueltech_group, 'demand' as metric,
        period, interval_start, demand as value, 'MWh' as unit,
        demand_intervals = {{ record_period_intervals('period', 'interval_start') }} as is_complete, _loaded_at
    from market_periods
),

candidates as (
    select * from fueltech_candidates
    union all
    select * from market_candidates
),

final as (
    select
        {{ record_series_id() }} as series_id,
        network_id,
        network_region,
        fueltech_group,
        metric,
        period,
        interval_start,
        value,
        unit,
        is_complete,
        _loaded_at
    from candidates
    where
        value is not null
        and period in ('{{ periods | join("', '") }}')
)

select * from final
