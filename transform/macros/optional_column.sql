{#- A column that only some table versions carry (raw tables grow columns over time): the column
    when the relation has it, else a typed null. At parse time the relation is not inspected. -#}
{% macro optional_column(relation, column_name) -%}
    {%- if execute -%}
        {%- set present = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
        {%- if column_name | lower in present -%}
            {{ column_name }}
        {%- else -%}
            cast(null as varchar)
        {%- endif -%}
    {%- else -%}
        cast(null as varchar)
    {%- endif -%}
{%- endmacro %}
