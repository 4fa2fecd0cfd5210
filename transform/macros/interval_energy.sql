{#- MWh of a 5-minute interval from MW samples: the trapezoid of this and the previous interval's
    sample, (power + previous) / 2 / 12, or power / 12 when there is no previous sample (the
    first sample, or the first after a gap: energy never bridges a gap). Null when `power` is
    null: a missing sample is missing, never 0 MW. Every network is on the 5-minute grid (the
    WEM's 30-minute history is spread onto it), so the divisor is always 12. -#}
{% macro interval_energy(power, previous_power) -%}
    case
        when {{ previous_power }} is null then {{ power }} / 12
        else ({{ power }} + {{ previous_power }}) / 2 / 12
    end
{%- endmacro %}
