{#- fct_market_summary's 5-minute rows rolled up to network-local `period` ('day' or 'month')
    per network and region (macro period_rollup): MW metrics are the mean of the intervals that
    have a value, energies, emissions and market values the sum, price the mean of the interval
    prices (a $0 or negative price counts like any other), proportions and intensity recomputed
    from the summed energies (never averaged), `interval_count` the number of 5-minute rows. Both
    periods read the 5-minute mart, so a month's means are exact (a mean of daily means would
    weigh a short day like a full one). -#}
{% macro market_summary_rollup(period) -%}
{%- set means = [
    'price', 'demand', 'demand_total', 'rooftop', 'demand_gross', 'generation',
    'generation_renewable', 'generation_renewable_with_storage', 'curtailment',
    'curtailment_solar_utility', 'curtailment_wind', 'flow_imports', 'flow_exports',
] -%}
{%- set sums = [
    'demand_energy', 'demand_gross_energy', 'demand_market_value', 'generation_energy',
    'generation_renewable_energy', 'generation_renewable_with_storage_energy', 'emissions',
    'curtailment_energy', 'curtailment_solar_utility_energy', 'curtailment_wind_energy',
    'flow_imports_energy', 'flow_exports_energy', 'flow_imports_emissions',
    'flow_exports_emissions', 'flow_imports_market_value', 'flow_exports_market_value',
] -%}
{%- set measures = {} -%}
{%- for column in means -%}
    {%- do measures.update({column: 'avg(' ~ column ~ ')'}) -%}
{%- endfor -%}
{%- for column in sums -%}
    {%- do measures.update({column: 'sum(' ~ column ~ ')'}) -%}
{%- endfor -%}
{%- do measures.update({'renewable_proportion': bounded_percentage('sum(generation_renewable_energy)', 'sum(demand_gross_energy)')}) -%}
{%- do measures.update({'renewable_with_storage_proportion': bounded_percentage('sum(generation_renewable_with_storage_energy)', 'sum(demand_gross_energy)')}) -%}
{%- do measures.update({'emissions_intensity': 'case when sum(generation_energy) > 0 then sum(emissions) / sum(generation_energy) end'}) -%}
{%- do measures.update({'interval_count': 'count(*)'}) -%}
with

{{ period_rollup(ref('fct_market_summary', v=2), period, 'interval_start', ['network_id', 'network_region'], measures) }}

{{ select_contract_columns('rolled_up') }}
{%- endmacro %}
