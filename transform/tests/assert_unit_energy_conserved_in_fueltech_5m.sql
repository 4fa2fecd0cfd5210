{#- Every unit MWh lands in exactly one fueltech row: per region and interval the fueltech mart
    (without rooftop) carries the same energy as the unit mart. -#}
with

units as (
    select network_region, interval_start, sum(energy_mwh) as energy_mwh
    from {{ ref('fct_unit_intervals') }}
    group by network_region, interval_start
),

fueltechs as (
    select network_region, interval_start, sum(energy_mwh) as energy_mwh
    from {{ ref('fct_fueltech_intervals_5m') }}
    where fueltech_id <> 'solar_rooftop'
    group by network_region, interval_start
)

select
    units.network_region,
    units.interval_start,
    units.energy_mwh as unit_energy_mwh,
    fueltechs.energy_mwh as fueltech_energy_mwh
from units
left join fueltechs
    on units.network_region = fueltechs.network_region
    and units.interval_start = fueltechs.interval_start
where fueltechs.interval_start is null
    or abs(units.energy_mwh - fueltechs.energy_mwh) > 0.001
