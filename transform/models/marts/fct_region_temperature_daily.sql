with

intervals as (
    select
        *,
        cast(interval_start as date) as interval_day
    from {{ ref('fct_region_temperature') }}
),

daily as (
    select
        interval_day,
        network_id,
        network_region,
        sum(temperature_mean * observation_count) / sum(observation_count) as temperature_mean,
        min(temperature_min) as temperature_min,
        max(temperature_max) as temperature_max,
        sum(observation_count) as observation_count,
        max(_loaded_at) as _loaded_at
    from intervals
    group by
        interval_day,
        network_id,
        network_region
)

{{ select_contract_columns('daily') }}
