with

units as (
    select * from {{ ref('dim_units') }}
),

names as (
    select * from {{ ref('int_facility_names__unioned') }}
),

stations as (
    select * from {{ ref('legacy_stations') }}
),

facility_units as (
    select
        units.facility_code,
        names.facility_name,
        names.participant,
        units.network_id,
        units.network_region,
        row_number() over (
            partition by units.facility_code
            order by units.capacity_registered_mw desc nulls last, units.unit_code
        ) as unit_rank
    from units
    inner join names
        on units.unit_code = names.unit_code
),

participants as (
    select
        facility_code,
        {{ dbt.listagg('participant', "'; '", 'order by participant') }} as participant
    from (select distinct facility_code, participant from facility_units) as distinct_participants
    group by facility_code
),

final as (
    select
        cast(facility_units.facility_code as varchar) as facility_code,
        cast(coalesce(stations.facility_name, facility_units.facility_name) as varchar) as facility_name,
        cast(facility_units.network_id as varchar) as network_id,
        cast(facility_units.network_region as varchar) as network_region,
        cast(participants.participant as varchar) as participant,
        cast(stations.lat as {{ type_double() }}) as lat,
        cast(stations.lng as {{ type_double() }}) as lng,
        cast(stations.description as varchar) as description
    from facility_units
    inner join participants
        on facility_units.facility_code = participants.facility_code
    left join stations
        on facility_units.facility_code = stations.facility_code
    where facility_units.unit_rank = 1
)

select * from final
