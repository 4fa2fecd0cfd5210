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

select
    cast(interval_day as date) as interval_day,
    cast(network_id as varchar) as network_id,
    cast(network_region as varchar) as network_region,
    cast(temperature_mean as {{ type_double() }}) as temperature_mean,
    cast(temperature_min as {{ type_double() }}) as temperature_min,
    cast(temperature_max as {{ type_double() }}) as temperature_max,
    cast(observation_count as integer) as observation_count,
    cast(_loaded_at as timestamp) as _loaded_at
from daily
