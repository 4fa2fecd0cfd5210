{#- Never keeps a partial day: every day touched by 5-minute rows loaded at or after the newest
    `_loaded_at` here is deleted and rebuilt whole from the 5-minute mart. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='interval_day',
        on_schema_change='fail'
    )
}}

with

intervals as (
    select
        *,
        cast(interval_start as date) as interval_day
    from {{ ref('fct_fueltech_intervals_5m') }}
),

{% if is_incremental() %}
changed as (
    select distinct interval_day
    from intervals
    where _loaded_at >= {{ incremental_watermark() }}
),
{% endif %}

daily as (
    select
        intervals.interval_day,
        intervals.network_id,
        intervals.network_region,
        intervals.fueltech_id,
        intervals.fueltech_group_id,
        intervals.is_renewable,
        sum(intervals.energy_mwh) as energy_mwh,
        sum(intervals.emissions_t) as emissions_t,
        sum(intervals.market_value) as market_value,
        count(*) as interval_count,
        max(intervals._loaded_at) as _loaded_at
    from intervals
    {% if is_incremental() %}
    inner join changed
        on intervals.interval_day = changed.interval_day
    {% endif %}
    group by
        intervals.interval_day,
        intervals.network_id,
        intervals.network_region,
        intervals.fueltech_id,
        intervals.fueltech_group_id,
        intervals.is_renewable
)

select
    cast(interval_day as date) as interval_day,
    cast(network_id as varchar) as network_id,
    cast(network_region as varchar) as network_region,
    cast(fueltech_id as varchar) as fueltech_id,
    cast(fueltech_group_id as varchar) as fueltech_group_id,
    cast(is_renewable as boolean) as is_renewable,
    cast(energy_mwh as {{ type_double() }}) as energy_mwh,
    cast(emissions_t as {{ type_double() }}) as emissions_t,
    cast(market_value as {{ type_double() }}) as market_value,
    cast(interval_count as integer) as interval_count,
    cast(_loaded_at as timestamp) as _loaded_at
from daily
