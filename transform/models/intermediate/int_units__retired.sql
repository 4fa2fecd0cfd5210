{#- Units in the registration history (DUDETAIL/DUDETAILSUMMARY) that today's registration list
    no longer holds: retired, described by their last registration (region, station, dispatch
    type, capacity). Their fueltech comes from OpenNEM's legacy registry (seed legacy_units); a
    unit missing there has no fueltech (the DG_/RT_ placeholders) and stays out of dim_units,
    reported by int_units__unmapped_scada. -#}
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
    select * from {{ ref('legacy_units') }}
)

select
    last_registration.unit_code as unit_code,
    {{ derived_facility_code('coalesce(last_registration.station_name, last_registration.station_id)') }} as facility_code,
    'NEM' as network_id,
    last_registration.network_region as network_region,
    legacy.fueltech_id as fueltech_id,
    last_registration.dispatch_type as dispatch_type,
    last_registration.capacity_registered_mw as capacity_registered_mw,
    'retired' as status_id,
    last_registration.effective_from as last_registration_change
from last_registration
left join registered
    on last_registration.unit_code = registered.unit_code
left join legacy
    on last_registration.unit_code = legacy.unit_code
where registered.unit_code is null
