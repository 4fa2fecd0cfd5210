{#- NEM units OpenNEM's legacy registry (seed legacy_units) knows but neither today's registration
    list nor the loaded registration history holds: split-battery DUIDs replaced by one
    bidirectional DUID (HPRG1/HPRL1 -> HPR1), units retired before the history loaded. Described
    as the legacy registry has them, except that a charging or pumping fueltech is a LOAD (the
    registry lists HPRL1 as a GENERATOR, but its SCADA is the power it draws). -#}
with

legacy as (
    select * from {{ ref('legacy_units') }}
),

fueltechs as (
    select * from {{ ref('fueltechs') }}
),

registered as (
    select unit_code from {{ ref('int_units__classified') }}
    union
    select distinct unit_code from {{ ref('int_unit_registrations__historised') }}
)

select
    legacy.unit_code as unit_code,
    legacy.facility_code as facility_code,
    legacy.facility_name as facility_name,
    'NEM' as network_id,
    legacy.network_region as network_region,
    legacy.fueltech_id as fueltech_id,
    case
        when fueltechs.is_load then 'LOAD'
        else legacy.dispatch_type
    end as dispatch_type,
    legacy.capacity_registered_mw as capacity_registered_mw,
    'retired' as status_id
from legacy
left join fueltechs
    on legacy.fueltech_id = fueltechs.fueltech_id
left join registered
    on legacy.unit_code = registered.unit_code
where registered.unit_code is null
