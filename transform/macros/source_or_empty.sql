{#- A raw table that may not have been loaded yet (no CO2EII file, no SCADA crawled): the source
    when it exists, else an empty relation with the given varchar columns, so models downstream
    still build (a unit with no CO2EII row simply has no AEMO factor). -#}
{% macro source_or_empty(source_name, table_name, columns) -%}
    {%- set relation = source(source_name, table_name) -%}
    {%- if execute and load_relation(relation) is none -%}
        select
            {%- for column in columns %}
            cast(null as {{ dbt.type_string() }}) as {{ column }}{{ "," if not loop.last }}
            {%- endfor %}
        where 1 = 0
    {%- else -%}
        select * from {{ relation }}
    {%- endif -%}
{%- endmacro %}
