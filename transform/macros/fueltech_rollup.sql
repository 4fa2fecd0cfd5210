{#- A fueltech mart rolled up from a finer one (5-minute -> day, day -> month; macro
    period_rollup): one row per region, fueltech and `period` ('day' or 'month', column
    interval_<period>) holding the sums of the finer rows whose `time_column` falls in it.
    `interval_count` counts the 5-minute rows: count(*) over 5-minute rows, else the sum of the
    finer mart's column `interval_count`. -#}
{% macro fueltech_rollup(finer, period, time_column, interval_count=none) -%}
{{ period_rollup(
    finer,
    period,
    time_column,
    ['network_id', 'network_region', 'fueltech_id', 'fueltech_group_id', 'is_renewable'],
    [
        ('energy_mwh', 'sum(energy_mwh)'),
        ('emissions_t', 'sum(emissions_t)'),
        ('market_value', 'sum(market_value)'),
        ('interval_count', 'sum(' ~ interval_count ~ ')' if interval_count else 'count(*)'),
    ],
) }}
{%- endmacro %}
