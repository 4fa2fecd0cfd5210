{#- tCO2e of a unit interval: energy x the unit's emissions factor (tCO2e/MWh), only where
    energy > 0 (a unit drawing power emits nothing). Every unit has a factor (dim_units' chain);
    were one missing, emissions would be null, never a silent 0. -#}
{% macro emissions(energy_mwh, emissions_factor) -%}
    case
        when {{ energy_mwh }} > 0 then {{ energy_mwh }} * {{ emissions_factor }}
        else 0
    end
{%- endmacro %}
