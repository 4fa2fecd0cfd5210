{#- The rows of `relation` to deduplicate in this run, with `columns` (the keys, the ranking
    columns and what the model keeps): all of them on a full build. In an incremental run, the
    copies loaded since the watermark and, for each of their keys, the copy this model kept so
    far: it won over every older copy of the key, so the winner among these is the winner among
    all copies, and the run neither reads nor parses the older raw rows (a day costs a day, not
    the history). While `this` lacks one of `columns` (a column added by on_schema_change), or
    when `this_holds_copies` is false (the model keeps its rows changed, as the legacy WEM SCADA
    carried onto 5-minute intervals), every copy of the new keys is read from `relation` instead. -#}
{% macro changed_copies(relation, key_columns, columns, this_holds_copies=true) -%}
    {%- if is_incremental() -%}
    {#- (A unit test's `this` is its given rows, by name.) -#}
    {%- if not this_holds_copies -%}
        {%- set keeps_all = false -%}
    {%- elif this is string -%}
        {%- set keeps_all = true -%}
    {%- elif this is none -%}
        {%- set keeps_all = false -%}
    {%- else -%}
        {%- set kept_columns = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
        {%- set keeps_all = columns | reject('in', kept_columns) | list | length == 0 -%}
    {%- endif -%}
    {%- if keeps_all %}
    select {{ columns | join(', ') }}
    from {{ relation }}
    where _loaded_at >= {{ incremental_watermark() }}
    union all
    {%- endif %}
    select
        {%- for column in columns %}
        older.{{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ this if keeps_all else relation }} as older
    inner join (
        select distinct {{ key_columns | join(', ') }}
        from {{ relation }}
        where _loaded_at >= {{ incremental_watermark() }}
    ) as new_keys
        on {% for column in key_columns -%}
        older.{{ column }} = new_keys.{{ column }}{{ ' and ' if not loop.last }}
        {%- endfor %}
    {%- else -%}
    select {{ columns | join(', ') }} from {{ relation }}
    {%- endif -%}
{%- endmacro %}

{#- One row per key of `relation` (macro deduplicate_latest) among the copies this run looks at
    (macro changed_copies): for an incremental model with unique_key = key_columns that keeps
    `columns` (which include the keys, `lastchanged`, `_loaded_at` and `_source_file`). -#}
{% macro deduplicate_changed(relation, key_columns, columns, lastchanged='lastchanged', this_holds_copies=true) -%}
with

copies as (
    {{ changed_copies(relation, key_columns, columns, this_holds_copies) }}
)

{{ deduplicate_latest('copies', key_columns, lastchanged) }}
{%- endmacro %}
