{#- The sum of `expression` over the group, null when any value in it is null: a total missing
    a part is unknown, never silently smaller. -#}
{% macro strict_sum(expression) -%}
    case
        when sum(case when {{ expression }} is null then 1 else 0 end) > 0 then null
        else sum({{ expression }})
    end
{%- endmacro %}
