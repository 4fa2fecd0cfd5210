{#- A fueltech mart rolled up from a finer one (5-minute -> day, day -> month): one row per
    region, fueltech and `period` ('day' or 'month', column interval_<period>) holding the sums
    of the finer rows whose `time_column` falls in it. `interval_count` counts the 5-minute rows:
    count(*) over 5-minute rows, else the sum of the finer mart's column `interval_count`.
    Incremental and never partial: see macro period_rollup. -#}
{% macro fueltech_rollup(finer, period, time_column, interval_count=none) -%}
with

{{ period_rollup(
    finer,
    period,
    time_column,
    dimensions=['network_id', 'network_region', 'fueltech_id', 'fueltech_group_id', 'is_renewable'],
    measures={
        'energy_mwh': 'sum(finer.energy_mwh)',
        'emissions_t': 'sum(finer.emissions_t)',
        'market_value': 'sum(finer.market_value)',
        'interval_count': 'sum(finer.' ~ interval_count ~ ')' if interval_count else 'count(*)',
    },
) }}

{{ select_contract_columns('rolled_up') }}
{%- endmacro %}
