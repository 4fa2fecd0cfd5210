{#- Local generation per region and interval: utility generation (loads and rooftop PV left
    out), its emissions and their intensity. -#}
with

fueltech_intervals as (
    select * from {{ ref('fct_fueltech_intervals_5m') }}
),

generation_fueltechs as (
    select fueltech_id
    from {{ ref('dim_fueltechs') }}
    where not is_load
        and fueltech_id <> 'solar_rooftop'
),

aggregated as (
    select
        fueltech_intervals.interval_start as interval_start,
        fueltech_intervals.network_id as network_id,
        fueltech_intervals.network_region as network_region,
        sum(fueltech_intervals.energy_mwh) as generation_energy_mwh,
        sum(fueltech_intervals.power_mw) as generation_mw,
        sum(fueltech_intervals.emissions_t) as emissions_t,
        max(fueltech_intervals._loaded_at) as _loaded_at
    from fueltech_intervals
    inner join generation_fueltechs
        on fueltech_intervals.fueltech_id = generation_fueltechs.fueltech_id
    group by
        fueltech_intervals.interval_start,
        fueltech_intervals.network_id,
        fueltech_intervals.network_region
),

final as (
    select
        interval_start,
        network_id,
        network_region,
        generation_energy_mwh,
        generation_mw,
        emissions_t,
        case
            when generation_energy_mwh > 0 then emissions_t / generation_energy_mwh
        end as emissions_intensity,
        _loaded_at
    from aggregated
)

select * from final
