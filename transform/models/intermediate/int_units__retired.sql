{#- Units in the registration history (DUDETAIL/DUDETAILSUMMARY) that today's registration list
    no longer holds: retired, described by their last registration (region, station, dispatch
    type, capacity). Their fueltech and fallback emissions factor come from the legacy OpenNEM
    unit list (seed legacy_unit_fueltechs); a unit missing there has no fueltech and is left out
    of dim_units, as unmapped operating units are. -#}
with

history as (
    select * from {{ ref('int_unit_registrations__historised') }}
),

registered as (
    select unit_code from {{ ref('int_units__classified') }}
),

last_registration as (
    select * from (
        select
            history.*,
            row_number() over (
                partition by unit_code
                order by effective_from desc
            ) as recency
        from history
    ) as ranked
    where recency = 1
),

legacy as (
    select * from {{ ref('legacy_unit_fueltechs') }}
),

fueltechs as (
    select * from {{ ref('fueltechs') }}
),

emission_factors as (
    select * from {{ ref('int_emission_factors__aggregated_to_units') }}
)

select
    last_registration.unit_code as unit_code,
    upper(trim(both '_' from {{ regexp_replace_all(
        'coalesce(last_registration.station_name, last_registration.station_id)', "'[^A-Za-z0-9]+'", "'_'"
    ) }})) as facility_code,
    'NEM' as network_id,
    last_registration.network_region as network_region,
    legacy.fueltech_id as fueltech_id,
    fueltechs.fueltech_group_id as fueltech_group_id,
    fueltechs.is_renewable as is_renewable,
    last_registration.dispatch_type as dispatch_type,
    last_registration.capacity_registered_mw as capacity_registered_mw,
    coalesce(emission_factors.emissions_factor_co2, legacy.emissions_factor_co2) as emissions_factor_co2,
    case
        when emission_factors.emissions_factor_co2 is not null then 'AEMO CO2EII'
        when legacy.emissions_factor_co2 is not null then 'OpenNEM legacy registry'
    end as emissions_factor_source,
    'retired' as status_id,
    last_registration.effective_from as last_registration_change
from last_registration
left join registered
    on last_registration.unit_code = registered.unit_code
left join legacy
    on last_registration.unit_code = legacy.unit_code
left join fueltechs
    on legacy.fueltech_id = fueltechs.fueltech_id
left join emission_factors
    on last_registration.unit_code = emission_factors.unit_code
where registered.unit_code is null
