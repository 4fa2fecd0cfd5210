{#- One row per 5-minute interval of a longer one (`step` 0 .. count - 1): cross joined with the
    longer intervals and added as `step * 5` minutes, it carries each onto its 5-minute grid. -#}
{% macro five_minute_steps(count) -%}
    select 0 as step
    {%- for step in range(1, count) %}
    union all select {{ step }}
    {%- endfor %}
{%- endmacro %}
