{#- Every value a record can be set by: one row per record series (network, region, fueltech
    group, metric, period) and period start, from the marts. Incremental: every period from the
    one holding the earliest changed source row on (source rows loaded at or after the newest
    `_loaded_at` here) is rebuilt whole, for every series (delete+insert by period and start).
    See the yml for the rules. -#}
{{ config(materialized='incremental', unique_key=['period', 'interval_start']) }}

{%- set fossil_groups = "('coal', 'gas', 'distillate')" %}
{%- set rooftop_groups = "('solar', 'renewables')" %}
{#- The periods kept (var `record_periods`, default all): a deployment, or a unit test, may keep fewer. -#}
{%- set periods = var('record_periods', ['interval', 'day', 'month', 'quarter', 'year', 'financial_year']) %}
{%- if is_incremental() %}
{#- The earliest changed time of the 5-minute, daily and monthly sources, as scalar subqueries
    (evaluated once; each engine can push a constant bound into its scans). -#}
{%- set changed_5m -%}
    select interval_start as changed_at from {{ ref('fct_fueltech_intervals_5m') }}
    where _loaded_at >= {{ incremental_watermark() }}
    union all
    select interval_start as changed_at from {{ ref('fct_market_summary') }}
    where _loaded_at >= {{ incremental_watermark() }}
{%- endset %}
{%- set since_5m = '(select min(changed_at) from (' ~ changed_5m ~ ') as changed)' %}
{%- set since_day = '(select min(changed_at) from (' ~ changed_5m ~ ' union all select cast(interval_day as timestamp) as changed_at from ' ~ ref('fct_fueltech_intervals_daily') ~ ' where _loaded_at >= ' ~ incremental_watermark() ~ ') as changed)' %}
{%- set since_month = '(select min(changed_at) from (' ~ changed_5m ~ ' union all select cast(interval_month as timestamp) as changed_at from ' ~ ref('fct_fueltech_intervals_monthly') ~ ' where _loaded_at >= ' ~ incremental_watermark() ~ ') as changed)' %}
{#- The first period start rebuilt for each period; the months from the earlier of the year and
    the financial year holding since_month (every month-made period from there is whole). -#}
{%- set year_start = record_period_start('year', since_month) %}
{%- set financial_year_start = record_period_start('financial_year', since_month) %}
{%- set months_from = 'case when ' ~ year_start ~ ' < ' ~ financial_year_start ~ ' then ' ~ year_start ~ ' else ' ~ financial_year_start ~ ' end' %}
{%- endif %}

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
{#- (Incremental: an AU interval reads the WEM two hours earlier.) -#}
fueltech_5m as (
    select * from {{ ref('fct_fueltech_intervals_5m') }}
    where
        fueltech_id not in (select fueltech_id from load_fueltechs)
        {% if is_incremental() %}
        and interval_start >= {{ dbt.dateadd('hour', -2, since_5m) }}
        {% endif %}
),

fueltech_daily as (
    select * from {{ ref('fct_fueltech_intervals_daily') }}
    where
        fueltech_id not in (select fueltech_id from load_fueltechs)
        {% if is_incremental() %}
        and cast(interval_day as timestamp) >= {{ record_period_start('day', since_day) }}
        {% endif %}
),

fueltech_monthly as (
    select * from {{ ref('fct_fueltech_intervals_monthly') }}
    where
        fueltech_id not in (select fueltech_id from load_fueltechs)
        {% if is_incremental() %}
        and cast(interval_month as timestamp) >= {{ months_from }}
        {% endif %}
),

{#- Market 5-minute rows per region (fct_market_summary v2). -#}
market_5m as (
    select
        interval_start,
        network_id,
        network_region,
        price,
        demand,
        demand_energy as demand_energy_mwh,
        generation_renewable,
        demand_gross,
        generation_renewable_energy,
        demand_gross_energy,
        _loaded_at
    from {{ ref('fct_market_summary') }}
    {#- (Incremental: the whole year or financial year of a changed month, as market periods are
        made of 5-minute rows; and the WEM two hours before.) -#}
    {% if is_incremental() %}
    where interval_start >= {{ dbt.dateadd('hour', -2, months_from) }}
    {% endif %}
),

{#- Fueltech member rows: one per period, network, region and fueltech. AU (NEM + WEM) is kept
    at the 5-minute interval only, on NEM time (WEM + 2 hours): the networks' days and months
    start two hours apart, so their period sums do not add up to an Australian day or month.
    A member over several months is summed first, so its interval_count covers the period. -#}
{%- set member_keys = ['period', 'interval_start', 'network_id', 'source_network_id', 'network_region', 'fueltech_id', 'fueltech_group_id', 'is_renewable'] %}
fueltech_period_members as (
    {{ record_fueltech_members('fueltech_5m', 'interval', 'interval_start', power='power_mw', interval_count='1') }}
    union all
    {{ record_fueltech_members(
        'fueltech_5m', 'interval',
        "case when network_id = 'WEM' then " ~ dbt.dateadd('hour', 2, 'interval_start') ~ " else interval_start end",
        network="'AU'", power='power_mw', interval_count='1'
    ) }}
    union all
    {{ record_fueltech_members('fueltech_daily', 'day', 'interval_day') }}
    union all
    select
        {{ member_keys | join(', ') }},
        sum(power_mw) as power_mw,
        sum(energy_mwh) as energy_mwh,
        sum(emissions_t) as emissions_t,
        sum(interval_count) as interval_count,
        max(_loaded_at) as _loaded_at
    from (
        {%- for period in record_periods_of('month') %}
        {{ 'union all' if not loop.first }}
        {{ record_fueltech_members('fueltech_monthly', period, 'interval_month') }}
        {%- endfor %}
    ) as month_members
    group by {{ member_keys | join(', ') }}
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

{#- Each group's sums per region (a region is of one network, even under AU), with what
    completeness needs: the fewest 5-minute intervals any member covers and whether it holds
    rooftop PV. -#}
region_groups as (
    select
        period,
        interval_start,
        network_id,
        network_region,
        fueltech_group,
        max(source_network_id) as source_network_id,
        sum(power_mw) as power_mw,
        sum(energy_mwh) as energy_mwh,
        sum(emissions_t) as emissions_t,
        min(interval_count) as interval_count,
        max(case when fueltech_id = 'solar_rooftop' then 1 else 0 end) as rooftop_region_count,
        max(_loaded_at) as _loaded_at
    from group_members
    group by
        period,
        interval_start,
        network_id,
        network_region,
        fueltech_group
),

{#- The region series (the WEM is one region: its region series would repeat its network
    series), and the network series summed from them, counting regions and networks. -#}
fueltech_groups as (
    select
        region_groups.period,
        region_groups.interval_start,
        region_groups.network_id,
        region_groups.network_region,
        region_groups.fueltech_group,
        region_groups.power_mw,
        region_groups.energy_mwh,
        region_groups.emissions_t,
        region_groups.interval_count,
        cast(1 as integer) as region_count,
        cast(region_groups.rooftop_region_count as integer) as rooftop_region_count,
        cast(1 as integer) as network_count,
        region_groups._loaded_at
    from region_groups
    inner join network_regions
        on region_groups.network_id = network_regions.network_id
    where network_regions.region_count > 1
    union all
    select
        period,
        interval_start,
        network_id,
        cast(null as varchar) as network_region,
        fueltech_group,
        sum(power_mw) as power_mw,
        sum(energy_mwh) as energy_mwh,
        sum(emissions_t) as emissions_t,
        min(interval_count) as interval_count,
        cast(count(*) as integer) as region_count,
        cast(sum(rooftop_region_count) as integer) as rooftop_region_count,
        cast(count(distinct source_network_id) as integer) as network_count,
        max(_loaded_at) as _loaded_at
    from region_groups
    group by
        period,
        interval_start,
        network_id,
        fueltech_group
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
        market_5m.interval_start,
        market_5m.network_id,
        market_5m.network_region,
        market_5m.price,
        market_5m.demand,
        market_5m.demand_energy_mwh,
        {{ bounded_percentage('market_5m.generation_renewable', 'market_5m.demand_gross') }} as renewable_proportion,
        market_5m.generation_renewable_energy,
        market_5m.demand_gross_energy,
        market_5m.price is not null as price_is_complete,
        market_5m.demand is not null as demand_is_complete,
        market_5m.generation_renewable is not null and market_5m.demand_gross is not null as proportion_is_complete,
        market_5m._loaded_at
    from market_5m
    inner join network_regions
        on market_5m.network_id = network_regions.network_id
    where network_regions.region_count > 1
),

market_networks as (
    select
        market_5m.interval_start,
        market_5m.network_id,
        cast(null as varchar) as network_region,
        avg(market_5m.price) as price,
        sum(market_5m.demand) as demand,
        sum(market_5m.demand_energy_mwh) as demand_energy_mwh,
        {{ bounded_percentage('sum(market_5m.generation_renewable)', 'sum(market_5m.demand_gross)') }} as renewable_proportion,
        sum(market_5m.generation_renewable_energy) as generation_renewable_energy,
        sum(market_5m.demand_gross_energy) as demand_gross_energy,
        count(market_5m.price) = max(network_regions.region_count) as price_is_complete,
        count(market_5m.demand) = max(network_regions.region_count) as demand_is_complete,
        count(market_5m.generation_renewable) = max(network_regions.region_count)
            and count(market_5m.demand_gross) = max(network_regions.region_count) as proportion_is_complete,
        max(market_5m._loaded_at) as _loaded_at
    from market_5m
    inner join network_regions
        on market_5m.network_id = network_regions.network_id
    group by
        market_5m.interval_start,
        market_5m.network_id
),

{#- AU demand: the NEM's and the WEM's regions summed on NEM time; complete with all regions. -#}
market_au as (
    select
        case
            when market_5m.network_id = 'WEM' then {{ dbt.dateadd('hour', 2, 'market_5m.interval_start') }}
            else market_5m.interval_start
        end as interval_start,
        market_5m.demand,
        market_5m._loaded_at
    from market_5m
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
),

{#- Market period series (mean price, demand energy) from the 5-minute rows of each period. -#}
market_periods as (
    {%- for period in record_periods_of('five_minute_periods') %}
    {{ 'union all' if not loop.first }}
    select market_period.*
    from (
        {{ record_market_period('market_series', period) }}
    ) as market_period
    {%- endfor %}
),

{#- Each market metric: (metric, value column, unit at the interval, unit over a period); its
    completeness is `<metric>_is_complete` at the interval, `<metric>_intervals` over a period. -#}
{%- set market_metrics = [
    ('price', 'price', '$/MWh', '$/MWh'),
    ('demand', 'demand', 'MW', 'MWh'),
    ('proportion', 'renewable_proportion', '%', '%'),
] %}
market_candidates as (
    {%- for metric, column, interval_unit, period_unit in market_metrics %}
    select
        network_id, network_region, cast(null as varchar) as fueltech_group, '{{ metric }}' as metric,
        period, interval_start, {{ column }} as value, '{{ interval_unit }}' as unit,
        {{ metric }}_is_complete as is_complete, _loaded_at
    from market_intervals
    union all
    select
        network_id, network_region, cast(null as varchar) as fueltech_group, '{{ metric }}' as metric,
        period, interval_start, {{ column }} as value, '{{ period_unit }}' as unit,
        {{ metric }}_intervals = {{ record_period_intervals('period', 'interval_start') }} as is_complete, _loaded_at
    from market_periods
    union all
    {%- endfor %}
    select
        market_au_intervals.network_id, market_au_intervals.network_region, cast(null as varchar) as fueltech_group,
        'demand' as metric, 'interval' as period, market_au_intervals.interval_start,
        market_au_intervals.demand as value, 'MW' as unit, market_au_intervals.demand_is_complete as is_complete,
        market_au_intervals._loaded_at
    from market_au_intervals
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
        {#- Incremental: only whole periods from the first one rebuilt. -#}
        {% if is_incremental() %}
        and interval_start >= case period
            when 'interval' then {{ since_5m }}
            when 'day' then {{ record_period_start('day', since_day) }}
            {%- for period in record_periods_of('month') %}
            when '{{ period }}' then {{ record_period_start(period, since_month) }}
            {%- endfor %}
        end
        {% endif %}
)

select * from final
