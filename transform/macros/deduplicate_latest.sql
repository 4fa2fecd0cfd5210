{#- One row per key from raw tables that keep every copy of a row (Current, Archive, MMSDM):
    latest lastchanged, then latest _loaded_at, then greatest _source_file. -#}
{% macro deduplicate_latest(relation, key_columns, lastchanged='lastchanged') -%}
select * from (
    select
        *,
        row_number() over (
            partition by {{ key_columns | join(', ') }}
            order by
                {{ lastchanged }} desc nulls last,
                _loaded_at desc,
                _source_file desc
        ) as _copy_rank
    from {{ relation }}
) as ranked
where _copy_rank = 1
{%- endmacro %}
