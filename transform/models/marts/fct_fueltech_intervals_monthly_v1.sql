{#- Never keeps a partial month: every month touched by daily rows rebuilt at or after the newest
    `_loaded_at` here is deleted and rebuilt whole from the daily mart. -#}
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='interval_month',
        on_schema_change='fail'
    )
}}

with

days as (
    select
        *,
        cast({{ dbt.date_trunc('month', 'interval_day') }} as date) as interval_month
    from {{ ref('fct_fueltech_intervals_daily') }}
),

{% if is_incremental() %}
changed as (
    select distinct interval_month
    from days
    where _loaded_at >= {{ incremental_watermark() }}
),
{% endif %}

monthly as (
    select
        days.interval_month,
        days.network_id,
        days.network_region,
        days.fueltech_id,
        days.fueltech_group_id,
        days.is_renewable,
        sum(days.energy_mwh) as energy_mwh,
        sum(days.emissions_t) as emissions_t,
        sum(days.market_value) as market_value,
        sum(days.interval_count) as interval_count,
        max(days._loaded_at) as _loaded_at
    from days
    {% if is_incremental() %}
    inner join changed
        on days.interval_month = changed.interval_month
    {% endif %}
    group by
        days.interval_month,
        days.network_id,
        days.network_region,
        days.fueltech_id,
        days.fueltech_group_id,
        days.is_renewable
)

select
    cast(interval_month as date) as interval_month,
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
from monthly
