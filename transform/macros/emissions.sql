{#- tCO2e of a unit interval: energy x the unit's emissions factor (tCO2e/MWh; a missing factor
    counts as 0), only where energy > 0 (a unit drawing power emits nothing). -#}
{% macro emissions(energy_mwh, emissions_factor) -%}
    case
        when {{ energy_mwh }} > 0 then {{ energy_mwh }} * coalesce({{ emissions_factor }}, 0)
        else 0
    end
{%- endmacro %}
