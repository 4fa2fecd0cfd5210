{#- Rows loaded at or after this time are new for an incremental model: the newest `_loaded_at`
    already in it, minus a lookback (var `incremental_lookback_minutes`, default 60) so a file
    whose load committed while the previous run was reading is not skipped. Reprocessing rows is
    idempotent (delete+insert). An empty model takes everything. -#}
{% macro incremental_watermark() -%}
    (
        select coalesce(
            {{ dbt.dateadd('minute', -var('incremental_lookback_minutes', 60), 'max(_loaded_at)') }},
            cast('1900-01-01 00:00:00' as timestamp)
        )
        from {{ this }}
    )
{%- endmacro %}
