{#- Monthly rollup of fct_market_summary v2 (macro market_summary_rollup): a touched month is
    rebuilt whole from its 5-minute rows, never kept partial. -#}
{{ config(materialized='incremental', unique_key='interval_month') }}

{{ market_summary_rollup('month') }}
