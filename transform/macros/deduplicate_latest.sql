{#- One row per key from raw tables that keep every copy of a row (Current, Archive, MMSDM):
    latest lastchanged, then latest _loaded_at, then greatest _source_file (NULLs last). -#}
{% macro deduplicate_latest(relation, key_columns, lastchanged='lastchanged') -%}
    {{ return(adapter.dispatch('deduplicate_latest')(relation, key_columns, lastchanged)) }}
{%- endmacro %}

{% macro default__deduplicate_latest(relation, key_columns, lastchanged) -%}
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

{#- DuckDB: the keys with one copy (nearly all of them on a first build from MMSDM archives) pass
    through as they are; each key with several copies keeps its winner by `arg_max` over the
    whole row (a hash aggregate, 2-3x faster than sorting every copy in a window). Ranking every
    key instead held every row's copy in the aggregate's state: 7x slower on a year of unit
    SCADA, which no longer fits in memory. The struct orders as the window does: a NULL
    lastchanged or _source_file loses (`is not null` first). -#}
{% macro duckdb__deduplicate_latest(relation, key_columns, lastchanged) -%}
{%- set same_key -%}
    {%- for column in key_columns -%}
    _single.{{ column }} is not distinct from _repeated.{{ column }}{{ ' and ' if not loop.last }}
    {%- endfor -%}
{%- endset -%}
select * from (
    with _repeated as (
        select {{ key_columns | join(', ') }}
        from {{ relation }}
        group by {{ key_columns | join(', ') }}
        having count(*) > 1
    )

    select
        _single.*,
        1 as _copy_rank,
    from {{ relation }} as _single
    anti join _repeated
        on {{ same_key }}

    union all

    select
        unnest(arg_max(
            _copy,
            (
                _copy.{{ lastchanged }} is not null,
                _copy.{{ lastchanged }},
                _copy._loaded_at,
                _copy._source_file is not null,
                _copy._source_file
            )
        )),
        1 as _copy_rank,
    from (
        select _single.*
        from {{ relation }} as _single
        semi join _repeated
            on {{ same_key }}
    ) as _copy
    group by {% for column in key_columns -%}
        _copy.{{ column }}{{ ', ' if not loop.last }}
    {%- endfor %}
) as _deduplicated
{%- endmacro %}
