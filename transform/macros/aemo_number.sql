{#- AEMO numbers arrive as varchar; an empty field is a missing value, never zero. -#}
{% macro aemo_number(column) -%}
    cast(nullif(trim({{ column }}), '') as {{ type_double() }})
{%- endmacro %}

{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double
{%- endmacro %}

{% macro postgres__type_double() -%}
    double precision
{%- endmacro %}
