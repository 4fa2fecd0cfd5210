{#- WEM units from the wem_units seed (the WEM registry), in the column set of dim_units. -#}
with

units as (
    select * from {{ ref('wem_units') }}
),

fueltechs as (
    select * from {{ ref('fueltechs') }}
)

select
    units.unit_code as unit_code,
    units.facility_code as facility_code,
    'WEM' as network_id,
    'WEM' as network_region,
    units.fueltech_id as fueltech_id,
    fueltechs.fueltech_group_id as fueltech_group_id,
    fueltechs.is_renewable as is_renewable,
    units.dispatch_type as dispatch_type,
    units.capacity_registered_mw as capacity_registered_mw,
    units.emissions_factor_co2 as emissions_factor_co2,
    units.emissions_factor_source as emissions_factor_source,
    units.status_id as status_id
from units
left join fueltechs
    on units.fueltech_id = fueltechs.fueltech_id
