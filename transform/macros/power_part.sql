{#- The part of a power value a unit row carries: a bidirectional unit is split into its
    discharging (power >= 0) and charging (power <= 0) parts; a load's SCADA (positive when it
    consumes) is negated so consumption is negative like battery charging; generators keep theirs.
    A missing value stays missing (greatest/least would turn null into 0). -#}
{% macro power_part(power, part) -%}
    case
        when {{ power }} is null then null
        when {{ part }} = 'discharging' then greatest({{ power }}, 0)
        when {{ part }} = 'charging' then least({{ power }}, 0)
        when {{ part }} = 'load' then -{{ power }}
        else {{ power }}
    end
{%- endmacro %}
