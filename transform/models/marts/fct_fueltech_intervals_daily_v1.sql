{#- Never keeps a partial day: every day touched by 5-minute rows loaded at or after the newest
    `_loaded_at` here is deleted and rebuilt whole from the 5-minute mart (macro fueltech_rollup, macro period_rollup). -#}
{{ config(materialized='incremental', unique_key='interval_day') }}

{{ fueltech_rollup(ref('fct_fueltech_intervals_5m'), 'day', 'interval_start') }}
