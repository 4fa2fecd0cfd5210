{#- The renewable split of generation (fct_renewable_intervals_*). Every fueltech row falls in one
    category: `load` (dim_fueltechs.is_load: pumps, battery_charging), `renewable`
    (dim_fueltechs.is_renewable and not a load; rooftop PV included), `storage`
    (battery_discharging) or `non_renewable` (the rest of generation). Each split below is the
    sum of its categories, so renewable + non_renewable = generation = renewable_with_storage +
    non_renewable_excl_storage, and generation + loads = the fueltech total. -#}
{% macro renewable_splits() -%}
    {{ return({
        'generation_renewable': ['renewable'],
        'generation_non_renewable': ['storage', 'non_renewable'],
        'generation_renewable_with_storage': ['renewable', 'storage'],
        'generation_non_renewable_excl_storage': ['non_renewable'],
        'loads': ['load'],
    }) }}
{%- endmacro %}

{#- The category of a fueltech row, from its fueltech_id and dim_fueltechs' flags (a fueltech
    missing from dim_fueltechs counts as non-renewable generation). -#}
{% macro renewable_category(fueltech_id, is_renewable, is_load) -%}
    case
        when coalesce({{ is_load }}, false) then 'load'
        when coalesce({{ is_renewable }}, false) then 'renewable'
        when {{ fueltech_id }} = 'battery_discharging' then 'storage'
        else 'non_renewable'
    end
{%- endmacro %}

{#- The measures of the renewable rollups (macro period_rollup): the sums of the energy and
    emissions of every split (loads have energy only: their energy is negative, so they never
    carry emissions) and the 5-minute rows covered (`interval_count`: count(*) over 5-minute rows,
    else the sum of the finer mart's column). -#}
{% macro renewable_rollup_measures(interval_count=none) -%}
    {%- set measures = {} -%}
    {%- for split in renewable_splits() -%}
        {%- do measures.update({split ~ '_energy_mwh': 'sum(finer.' ~ split ~ '_energy_mwh)'}) -%}
        {%- if split != 'loads' -%}
            {%- do measures.update({split ~ '_emissions_t': 'sum(finer.' ~ split ~ '_emissions_t)'}) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- do measures.update({'interval_count': 'sum(finer.' ~ interval_count ~ ')' if interval_count else 'count(*)'}) -%}
    {{ return(measures) }}
{%- endmacro %}

{#- The renewable shares of generation in percent, from energies (summed first in a rollup, so
    never an average of interval shares). -#}
{% macro renewable_proportions() -%}
    {{ bounded_percentage(
        'generation_renewable_energy_mwh',
        'generation_renewable_energy_mwh + generation_non_renewable_energy_mwh',
    ) }} as renewable_proportion,
    {{ bounded_percentage(
        'generation_renewable_with_storage_energy_mwh',
        'generation_renewable_with_storage_energy_mwh + generation_non_renewable_excl_storage_energy_mwh',
    ) }} as renewable_with_storage_proportion
{%- endmacro %}
