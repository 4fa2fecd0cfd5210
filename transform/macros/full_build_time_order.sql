{#- `order by <column>` on a full build on DuckDB, which then stores the table in time order: each
    row group spans a short time, so reads of a time range (incremental runs, the API) skip the
    others, and publishing copies the table's order into its Parquet files (opennem/serving.py)
    without sorting again. Incremental runs append their new intervals after the older ones. -#}
{% macro full_build_time_order(column='interval_start') -%}
{%- if target.type == 'duckdb' and not is_incremental() %}
order by {{ column }}
{%- endif %}
{%- endmacro %}
