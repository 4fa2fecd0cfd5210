{#- The daily rollup is never partial or stale: each day equals the sum of its 5-minute rows. -#}
with

five_minute as (
    select
        network_region,
        fueltech_id,
        cast(interval_start as date) as interval_day,
        sum(energy_mwh) as energy_mwh,
        count(*) as interval_count
    from {{ ref('fct_fueltech_intervals_5m') }}
    group by network_region, fueltech_id, cast(interval_start as date)
),

daily as (
    select * from {{ ref('fct_fueltech_intervals_daily') }}
)

select
    coalesce(five_minute.network_region, daily.network_region) as network_region,
    coalesce(five_minute.fueltech_id, daily.fueltech_id) as fueltech_id,
    coalesce(five_minute.interval_day, daily.interval_day) as interval_day,
    five_minute.energy_mwh as five_minute_energy_mwh,
    daily.energy_mwh as daily_energy_mwh
from five_minute
full outer join daily
    on five_minute.network_region = daily.network_region
    and five_minute.fueltech_id = daily.fueltech_id
    and five_minute.interval_day = daily.interval_day
where daily.interval_day is null
    or five_minute.interval_day is null
    or five_minute.interval_count <> daily.interval_count
    or abs(coalesce(five_minute.energy_mwh, 0) - coalesce(daily.energy_mwh, 0)) > 0.001
