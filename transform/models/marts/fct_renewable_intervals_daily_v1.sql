{#- Never keeps a partial day: every day touched by 5-minute rows loaded at or after the newest
    `_loaded_at` here is deleted and rebuilt whole from the 5-minute mart (macro period_rollup);
    the proportions are recomputed from the day's energies. -#}
{{ config(materialized='incremental', unique_key='interval_day') }}

with

{{ period_rollup(
    ref('fct_renewable_intervals_5m'), 'day', 'interval_start',
    dimensions=['network_id', 'network_region'],
    measures=renewable_rollup_measures(),
) }},

proportions as (
    select
        *,
        {{ renewable_proportions() }}
    from rolled_up
)

{{ select_contract_columns('proportions') }}
