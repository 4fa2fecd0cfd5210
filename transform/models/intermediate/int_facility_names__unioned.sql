{#- Facility name and participant of each unit, for dim_facilities: registered NEM units from
    today's registration list, retired NEM units from their last registration (station name, else
    station id), NEM units known only to the legacy registry from its station name, WEM units
    from the wem_units seed (no participant). -#}
with

registered as (
    select
        unit_code,
        station_name as facility_name,
        participant
    from {{ ref('int_units__classified') }}
),

last_registration as (
    select * from (
        select
            unit_code,
            coalesce(station_name, station_id) as facility_name,
            participant_id as participant,
            row_number() over (
                partition by unit_code
                order by effective_from desc
            ) as recency
        from {{ ref('int_unit_registrations__historised') }}
    ) as ranked
    where recency = 1
),

retired as (
    select
        last_registration.unit_code,
        last_registration.facility_name,
        last_registration.participant
    from last_registration
    left join registered
        on last_registration.unit_code = registered.unit_code
    where registered.unit_code is null
),

legacy_only as (
    select
        unit_code,
        facility_name,
        cast(null as varchar) as participant
    from {{ ref('int_units__legacy_only') }}
),

wem as (
    select
        unit_code,
        facility_name,
        cast(null as varchar) as participant
    from {{ ref('wem_units') }}
)

select unit_code, facility_name, participant from registered
union all
select unit_code, facility_name, participant from retired
union all
select unit_code, facility_name, participant from legacy_only
union all
select unit_code, facility_name, participant from wem
