{#- ClickHouse reports a column's type with its nullability (`Nullable(String)`) and under its own
    names; contracts name portable types (varchar, double precision, timestamp, ...). The contract
    is still enforced on ClickHouse: same column names, and the same type once both sides are
    read as ClickHouse type names with Nullable(...) removed. -#}
{% macro clickhouse_type_name(data_type) -%}
    {%- set aliases = {
        'varchar': 'String', 'text': 'String', 'double precision': 'Float64', 'double': 'Float64',
        'timestamp': 'DateTime', 'boolean': 'Bool', 'integer': 'Int32', 'bigint': 'Int64',
        'date': 'Date',
    } -%}
    {%- set name = data_type | trim -%}
    {%- if name.startswith('Nullable(') and name.endswith(')') -%}
        {%- set name = name[9:-1] -%}
    {%- endif -%}
    {{- aliases.get(name | lower, name) -}}
{%- endmacro %}

{% macro clickhouse__get_assert_columns_equivalent(sql) -%}
    {%- set yaml_columns = model['columns'].values() | list -%}
    {%- set query_settings = config.get('query_settings', {}) or {} -%}
    {%- set sql_columns = adapter.format_columns(
        adapter.get_column_schema_from_query(sql, query_settings=query_settings)
    ) -%}
    {%- set yaml_types = {} -%}
    {%- for column in yaml_columns -%}
        {%- do yaml_types.update({column['name']: clickhouse_type_name(column['data_type'] or '')}) -%}
    {%- endfor -%}
    {%- if sql_columns | length != yaml_columns | length -%}
        {%- do exceptions.raise_contract_error(yaml_columns, sql_columns) -%}
    {%- endif -%}
    {%- for column in sql_columns -%}
        {%- if yaml_types.get(column['name']) != clickhouse_type_name(column['data_type']) -%}
            {%- do exceptions.raise_contract_error(yaml_columns, sql_columns) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endmacro %}

{#- The columns of a contracted table on ClickHouse: a column without a not_null constraint is
    `Nullable(...)`. dbt-clickhouse writes the contract's types as given, and ClickHouse stores
    a NULL inserted into a non-Nullable column as 0 (or ''), so a null the model computes (no
    price loaded, no generation to take a share of) would read back as a silent 0. -#}
{% macro clickhouse__get_table_columns_and_constraints() -%}
    (
    {%- for column in model['columns'].values() %}
        {%- set type_name = clickhouse_type_name(column['data_type'] or '') %}
        {%- set required = column['constraints'] | selectattr('type', 'equalto', 'not_null') | list %}
        {{ adapter.quote(column['name']) }} {{ type_name if required else 'Nullable(' ~ type_name ~ ')' }}{{ ',' if not loop.last }}
    {%- endfor %}
    )
{%- endmacro %}
