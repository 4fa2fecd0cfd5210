{#- Rows loaded at or after this time are new for an incremental model: the newest `_loaded_at`
    already in it, minus a lookback (var `incremental_lookback_minutes`) so a file whose load
    committed while the previous run was reading is not skipped. Reprocessing rows is idempotent
    (delete+insert). An empty model takes everything. The default lookback is 60 minutes on
    PostgreSQL and ClickHouse, where loads and builds run side by side, and 0 on DuckDB, where
    they never overlap (one writing process per file, and the writer lock of
    opennem/warehouse_lock.py): every row loaded before a run is in it, so a run after a backfill
    takes what came after, not the backfill's last hour again. -#}
{% macro incremental_watermark() -%}
    {%- set lookback_minutes = var('incremental_lookback_minutes', 0 if target.type == 'duckdb' else 60) -%}
    (
        select coalesce(
            {{ dbt.dateadd('minute', -lookback_minutes, 'max(_loaded_at)') }},
            cast('1900-01-01 00:00:00' as timestamp)
        )
        from {{ this }}
    )
{%- endmacro %}
