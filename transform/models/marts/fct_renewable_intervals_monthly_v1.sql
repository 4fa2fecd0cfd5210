{#- Never keeps a partial month: every month touched by daily rows rebuilt at or after the newest
    `_loaded_at` here is deleted and rebuilt whole from the daily mart (macro period_rollup); the
    proportions are recomputed from the month's energies. -#}
{{ config(materialized='incremental', unique_key='interval_month') }}

with

{{ period_rollup(
    ref('fct_renewable_intervals_daily'), 'month', 'interval_day',
    dimensions=['network_id', 'network_region'],
    measures=renewable_rollup_measures('interval_count'),
) }},

proportions as (
    select
        *,
        {{ renewable_proportions() }}
    from rolled_up
)

{{ select_contract_columns('proportions') }}
