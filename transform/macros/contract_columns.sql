{#- The final select of a mart with an enforced contract: every column of the model's yml, in
    its order, cast to its `data_type` (double precision as type_double()), from `relation`. The
    contract is then the one list of the mart's columns and types. Where the node has no columns
    (at parse time, and in a unit test, which checks values; the contract checks the types) the
    select is `*`. -#}
{% macro select_contract_columns(relation) -%}
select
    {%- for column in model.columns.values() %}
    cast({{ column.name }} as {{ type_double() if column.data_type == 'double precision' else column.data_type }}) as {{ column.name }}{{ ',' if not loop.last }}
    {%- else %}
    *
    {%- endfor %}
from {{ relation }}
{%- endmacro %}
