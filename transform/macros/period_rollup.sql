{#- A mart rolled up from a finer one to `period` ('day' or 'month', column interval_<period>):
    one row per period and `dimensions`, holding `measures`, a list of (column, aggregate
    expression over the finer rows' columns), and `_loaded_at`, the newest among the rows rolled
    up. Incremental (delete+insert by interval_<period>): every period touched by finer rows
    loaded at or after the newest `_loaded_at` already here is deleted and rebuilt whole from all
    its finer rows, so a partial period is never kept and late or revised rows reach every period
    they touch. The generic test rollup_reconciles checks the result. -#}
{% macro period_rollup(finer, period, time_column, dimensions, measures) -%}
{%- set grain = 'interval_' ~ period -%}
with

finer as (
    select
        *,
        {{ period_start(period, time_column) }} as {{ grain }}
    from {{ finer }}
),

{% if is_incremental() %}
changed as (
    select distinct {{ grain }}
    from finer
    where _loaded_at >= {{ incremental_watermark() }}
),
{% endif %}

rolled_up as (
    select
        finer.{{ grain }} as {{ grain }},
        {%- for column in dimensions %}
        finer.{{ column }} as {{ column }},
        {%- endfor %}
        {%- for column, expression in measures %}
        {{ expression }} as {{ column }},
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

{{ select_contract_columns('rolled_up') }}
{%- endmacro %}
