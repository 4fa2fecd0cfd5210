{#- Local utility generation per region and 5-minute interval, from fct_fueltech_intervals_5m:
    every fueltech row that is not a load (pumps, battery_charging) and not rooftop PV. Renewable
    and with storage are the categories of macro renewable_category, as in the renewable marts
    (renewable: the fueltechs flagged is_renewable, pumped-hydro output being hydro; storage:
    battery_discharging). Rooftop PV is in none of the columns. -#}
{{ config(materialized='incremental', unique_key='interval_start') }}

with

fueltech_intervals as (
    select * from {{ ref('fct_fueltech_intervals_5m') }}
),

fueltechs as (
    select * from {{ ref('dim_fueltechs') }}
),

{% if is_incremental() %}
{#- Read from the relation, not the CTE fueltech_intervals: DuckDB materialises a CTE read
    twice, which would copy the whole 5-minute mart on every incremental run. #}
changed as (
    select distinct interval_start
    from {{ ref('fct_fueltech_intervals_5m') }}
    where _loaded_at >= {{ incremental_watermark() }}
),
{% endif %}

generation as (
    select
        fueltech_intervals.interval_start as interval_start,
        fueltech_intervals.network_id as network_id,
        fueltech_intervals.network_region as network_region,
        fueltech_intervals.power_mw as power_mw,
        fueltech_intervals.energy_mwh as energy_mwh,
        fueltech_intervals.emissions_t as emissions_t,
        {{ renewable_category('fueltech_intervals.fueltech_id', 'fueltech_intervals.is_renewable', 'fueltechs.is_load') }} as category,
        fueltech_intervals._loaded_at as _loaded_at
    from fueltech_intervals
    inner join fueltechs
        on fueltech_intervals.fueltech_id = fueltechs.fueltech_id
    {% if is_incremental() %}
    inner join changed
        on fueltech_intervals.interval_start = changed.interval_start
    {% endif %}
    where not fueltechs.is_load
        and fueltech_intervals.fueltech_id <> 'solar_rooftop'
),

aggregated as (
    select
        interval_start,
        network_id,
        network_region,
        sum(power_mw) as generation_mw,
        sum(energy_mwh) as generation_energy_mwh,
        sum(emissions_t) as emissions_t,
        sum(case when category = 'renewable' then power_mw else 0 end) as generation_renewable_mw,
        sum(case when category = 'renewable' then energy_mwh else 0 end) as generation_renewable_energy_mwh,
        sum(case when category in ('renewable', 'storage') then power_mw else 0 end)
            as generation_renewable_with_storage_mw,
        sum(case when category in ('renewable', 'storage') then energy_mwh else 0 end)
            as generation_renewable_with_storage_energy_mwh,
        max(_loaded_at) as _loaded_at
    from generation
    group by
        interval_start,
        network_id,
        network_region
),

final as (
    select
        interval_start,
        network_id,
        network_region,
        generation_mw,
        generation_energy_mwh,
        emissions_t,
        case
            when generation_energy_mwh > 0 then emissions_t / generation_energy_mwh
        end as emissions_intensity,
        generation_renewable_mw,
        generation_renewable_energy_mwh,
        generation_renewable_with_storage_mw,
        generation_renewable_with_storage_energy_mwh,
        _loaded_at
    from aggregated
)

select * from final
{{ full_build_time_order() }}
