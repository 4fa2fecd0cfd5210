{#- A mart rolled up from a finer one (5-minute -> day, day -> month): one row per `dimensions`
    and `period` ('day' or 'month', column interval_<period>) holding, for each column of `sums`,
    the sum of the finer rows whose `time_column` falls in it. `interval_count` counts the
    5-minute rows: count(*) over 5-minute rows, else the sum of the finer mart's column
    `interval_count`. Incremental (delete+insert by interval_<period>): every period touched by
    finer rows loaded at or after the newest `_loaded_at` already here is deleted and rebuilt
    whole, so a partial period is never kept. Emits CTEs ending in `rolled_up` and no final
    select, so a mart can derive columns from the sums (ratios are recomputed from summed
    energies, never averaged). The generic test rollup_reconciles checks the result. -#}
{% macro period_rollup(finer, period, time_column, dimensions, sums, interval_count=none) -%}
{%- set grain = 'interval_' ~ period -%}
with

finer as (
    select
        *,
        {{ period_start(period, time_column) }} as {{ grain }}
    from {{ finer }}
),

{#- Read from the relation, not the CTE finer: DuckDB materialises a CTE read twice, which
    would copy the whole finer mart on every incremental run. #}
{% if is_incremental() %}
changed as (
    select distinct {{ period_start(period, time_column) }} as {{ grain }}
    from {{ finer }}
    where _loaded_at >= {{ incremental_watermark() }}
),
{% endif %}

rolled_up as (
    select
        finer.{{ grain }},
        {%- for column in dimensions %}
        finer.{{ column }},
        {%- endfor %}
        {%- for column in sums %}
        sum(finer.{{ column }}) as {{ column }},
        {%- endfor %}
        {{ 'sum(finer.' ~ interval_count ~ ')' if interval_count else 'count(*)' }} as interval_count,
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

{#- A fueltech mart rolled up from a finer one (macro period_rollup): energy, emissions and
    market value per region and fueltech. -#}
{% macro fueltech_rollup(finer, period, time_column, interval_count=none) -%}
{{ period_rollup(
    finer, period, time_column,
    dimensions=['network_id', 'network_region', 'fueltech_id', 'fueltech_group_id', 'is_renewable'],
    sums=['energy_mwh', 'emissions_t', 'market_value'],
    interval_count=interval_count,
) }}

{{ select_contract_columns('rolled_up') }}
{%- endmacro %}
