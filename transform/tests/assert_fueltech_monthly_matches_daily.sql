{#- The monthly rollup equals the sum of its days. -#}
with

days as (
    select
        network_region,
        fueltech_id,
        cast({{ dbt.date_trunc('month', 'interval_day') }} as date) as interval_month,
        sum(energy_mwh) as energy_mwh,
        sum(interval_count) as interval_count
    from {{ ref('fct_fueltech_intervals_daily') }}
    group by network_region, fueltech_id, cast({{ dbt.date_trunc('month', 'interval_day') }} as date)
),

monthly as (
    select * from {{ ref('fct_fueltech_intervals_monthly') }}
)

select
    coalesce(days.network_region, monthly.network_region) as network_region,
    coalesce(days.fueltech_id, monthly.fueltech_id) as fueltech_id,
    coalesce(days.interval_month, monthly.interval_month) as interval_month,
    days.energy_mwh as daily_energy_mwh,
    monthly.energy_mwh as monthly_energy_mwh
from days
full outer join monthly
    on days.network_region = monthly.network_region
    and days.fueltech_id = monthly.fueltech_id
    and days.interval_month = monthly.interval_month
where monthly.interval_month is null
    or days.interval_month is null
    or days.interval_count <> monthly.interval_count
    or abs(coalesce(days.energy_mwh, 0) - coalesce(monthly.energy_mwh, 0)) > 0.001
