{#- The CTEs `finer`, `changed` (incremental runs) and `rolled_up` of a rollup of `finer` (a
    relation with `time_column` and `_loaded_at`) onto `period` ('day' or 'month', column
    interval_<period>, network-local): one row per period and `dimensions` with each of
    `measures` (output column -> aggregate over `finer.` columns) and the newest `_loaded_at`.

    Incremental (delete+insert by interval_<period>): every period touched by rows of `finer`, or
    of any relation in `changes_from` (with the same time column), loaded at or after the newest
    `_loaded_at` already here is rebuilt whole from `finer`, so a partial period is never kept
    and late or revised rows reach every period they fall in. Used by fueltech_rollup and
    fct_unit_intervals_daily; the generic test rollup_reconciles checks the result. -#}
{% macro period_rollup(finer, period, time_column, dimensions, measures, changes_from=[]) -%}
{%- set grain = 'interval_' ~ period -%}
{#- Read from the relation, not the CTE finer: DuckDB materialises a CTE read twice, which
    would copy the whole finer mart on every incremental run. #}
{% if is_incremental() %}
changed as (
    select distinct {{ period_start(period, time_column) }} as {{ grain }}
    from {{ finer }}
    where _loaded_at >= {{ incremental_watermark() }}
    {%- for other in changes_from %}
    union
    select {{ period_start(period, time_column) }} as {{ grain }}
    from {{ other }}
    where _loaded_at >= {{ incremental_watermark() }}
    {%- endfor %}
),
{% endif %}

{#- (Incremental: only rows from the first changed period's start, a bound each engine applies in
    its scan; the join below on the computed period cannot skip the history.) -#}
finer as (
    select
        *,
        {{ period_start(period, time_column) }} as {{ grain }}
    from {{ finer }}
    {% if is_incremental() %}
    where {{ time_column }} >= (
        select cast(min(changed.{{ grain }}) as {{ 'timestamp' if time_column == 'interval_start' else 'date' }})
        from changed
    )
    {% endif %}
),

rolled_up as (
    select
        finer.{{ grain }} as {{ grain }},
        {%- for column in dimensions %}
        finer.{{ column }} as {{ column }},
        {%- endfor %}
        {%- for name, expression in measures.items() %}
        {{ expression }} as {{ name }},
        {%- endfor %}
        max(finer._loaded_at) as _loaded_at
    from finer
    {% if is_incremental() %}
    inner join changed
        on finer.{{ grain }} = changed.{{ grain }}
    {% endif %}
    group by
        finer.{{ grain }},
        {%- for column in dimensions %}
        finer.{{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
)
{%- endmacro %}

{#- The power of greatest magnitude among `column`'s values, with its sign: a generating part's
    highest MW, a load's deepest draw (loads are negative). -#}
{% macro peak_power(column) -%}
    case when max({{ column }}) >= -min({{ column }}) then max({{ column }}) else min({{ column }}) end
{%- endmacro %}
