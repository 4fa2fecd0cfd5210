{#- Never keeps a partial month: every month touched by daily rows rebuilt at or after the newest
    `_loaded_at` here is deleted and rebuilt whole from the daily mart (macro fueltech_rollup, macro period_rollup). -#}
{{ config(materialized='incremental', unique_key='interval_month') }}

{{ fueltech_rollup(ref('fct_fueltech_intervals_daily'), 'month', 'interval_day', interval_count='interval_count') }}
