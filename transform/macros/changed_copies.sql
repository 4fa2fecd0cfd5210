{#- The rows of `relation` to deduplicate in this run: all of them on a full build; in an
    incremental run every copy (old and new) of each key that has a copy loaded since the
    watermark, so the winning copy is chosen among all copies of the key. -#}
{% macro changed_copies(relation, key_columns) -%}
    {%- if is_incremental() -%}
    with new_keys as (
        select distinct {{ key_columns | join(', ') }}
        from {{ relation }}
        where _loaded_at >= {{ incremental_watermark() }}
    )
    select copies.*
    from {{ relation }} as copies
    inner join new_keys
        on {% for column in key_columns -%}
        copies.{{ column }} = new_keys.{{ column }}{{ ' and ' if not loop.last }}
        {%- endfor %}
    {%- else -%}
    select * from {{ relation }}
    {%- endif -%}
{%- endmacro %}

{#- One row per key of `relation` (macro deduplicate_latest) among the copies this run looks at
    (macro changed_copies): for an incremental model with unique_key = key_columns. -#}
{% macro deduplicate_changed(relation, key_columns, lastchanged='lastchanged') -%}
with

copies as (
    {{ changed_copies(relation, key_columns) }}
)

{{ deduplicate_latest('copies', key_columns, lastchanged) }}
{%- endmacro %}
