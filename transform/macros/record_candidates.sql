{#- Helpers of int_record_candidates__unioned (see its yml for the rules). -#}

{#- The record series id of a row: `au[.network][.region][.fueltech group].metric.period`, lower
    case (the aggregate, `.high` or `.low`, is appended by fct_milestones). The network part is
    left out for AU, which is the whole country already. -#}
{% macro record_series_id() -%}
    lower(
        'au'
        || case when network_id = 'AU' then '' else '.' || network_id end
        || coalesce('.' || network_region, '')
        || coalesce('.' || fueltech_group, '')
        || '.' || metric
        || '.' || period
    )
{%- endmacro %}

{#- Fueltech member rows of `relation` for `period`: one per period start (of the timestamp or
    date expression `time`), network (`network`: the row's own, or 'AU'), region and fueltech;
    `power` and `interval_count` are columns or expressions (null power at day and coarser). -#}
{% macro record_fueltech_members(relation, period, time, network='network_id', power=none, interval_count='interval_count') -%}
    select
        '{{ period }}' as period,
        {{ record_period_start(period, time) }} as interval_start,
        {{ network }} as network_id,
        network_id as source_network_id,
        network_region,
        fueltech_id,
        fueltech_group_id,
        is_renewable,
        {{ power if power else 'cast(null as ' ~ type_double() ~ ')' }} as power_mw,
        energy_mwh,
        emissions_t,
        {{ interval_count }} as interval_count,
        _loaded_at
    from {{ relation }}
{%- endmacro %}

{#- The market series (price, demand) of one period per series: the mean price and the demand
    energy of its 5-minute rows, with the count of complete 5-minute rows of each. -#}
{% macro record_market_period(relation, period) -%}
    select
        '{{ period }}' as period,
        {{ record_period_start(period, 'interval_start') }} as interval_start,
        network_id,
        network_region,
        avg(price) as price,
        sum(demand_energy_mwh) as demand,
        {{ bounded_percentage('sum(generation_renewable_energy)', 'sum(demand_gross_energy)') }} as renewable_proportion,
        sum(case when price_is_complete then 1 else 0 end) as price_intervals,
        sum(case when demand_is_complete then 1 else 0 end) as demand_intervals,
        sum(case when proportion_is_complete then 1 else 0 end) as proportion_intervals,
        max(_loaded_at) as _loaded_at
    from {{ relation }}
    group by
        {{ record_period_start(period, 'interval_start') }},
        network_id,
        network_region
{%- endmacro %}

{#- The significance of a record instance, 1 (least) to 10: the rounded mean of five scores
    out of 10, our own weighting (the public recordreactor weighs period, metric, network,
    region, fueltech and aggregate with fixed weights; we add the size of the break):
    period (interval 3, day 6, month 7, quarter 8, financial_year 9, year 10); metric (energy and
    emissions 9, demand 8, proportion 8, power 6, price 4, anything else 5); scope (a whole network 10, the
    WEM 8, a region 5); direction (10 for a high of a renewable group or battery discharging and
    for a low of a fossil group or of emissions, 8 for a demand high, else 4); change (the
    percent by which it beat the record it broke, capped at 10). The first instance of a record
    broke nothing: 1. -#}
{% macro milestone_significance() -%}
    case
        when previous_instance_id is null then 1
        else cast(round((
            case period
                when 'interval' then 3 when 'day' then 6 when 'month' then 7
                when 'quarter' then 8 when 'financial_year' then 9 when 'year' then 10
                else 5
            end
            + case metric
                when 'energy' then 9 when 'emissions' then 9 when 'demand' then 8 when 'proportion' then 8
                when 'power' then 6 when 'price' then 4
                else 5
            end
            + case
                when network_region is not null then 5
                when network_id = 'WEM' then 8
                else 10
            end
            + case
                when aggregate = 'high' and (fueltech_group in ('solar', 'wind', 'hydro', 'bioenergy', 'renewables', 'battery_discharging') or metric = 'proportion') then 10
                when aggregate = 'low' and (fueltech_group in ('coal', 'gas', 'distillate', 'fossil') or metric = 'emissions') then 10
                when aggregate = 'high' and metric = 'demand' then 8
                else 4
            end
            + case
                when change_pct is null or abs(change_pct) >= 10 then 10
                else abs(change_pct)
            end
        ) / 5) as integer)
    end
{%- endmacro %}

{#- A stable id of the instance of `record_id` at `interval_start`, shaped like a UUID. -#}
{% macro milestone_instance_id() -%}
    {%- set digest = dbt.hash("record_id || '@' || cast(interval_start as varchar)") -%}
    substr({{ digest }}, 1, 8) || '-' || substr({{ digest }}, 9, 4) || '-' || substr({{ digest }}, 13, 4)
    || '-' || substr({{ digest }}, 17, 4) || '-' || substr({{ digest }}, 21, 12)
{%- endmacro %}
