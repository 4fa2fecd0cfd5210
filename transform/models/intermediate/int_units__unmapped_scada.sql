with

scada as (
    select * from {{ source('aemo', 'dispatch_unit_scada') }}
),

units as (
    select * from {{ ref('dim_units') }}
),

classified as (
    select * from {{ ref('int_units__classified') }}
),

seen as (
    select
        {{ squish('duid') }} as duid,
        min(settlementdate) as first_settlementdate,
        max(settlementdate) as last_settlementdate,
        count(*) as reading_count
    from scada
    group by {{ squish('duid') }}
),

unmapped as (
    select
        seen.duid,
        seen.first_settlementdate,
        seen.last_settlementdate,
        seen.reading_count,
        case
            when classified.unit_code is null then 'not in registration list'
            else 'no fueltech for its registration'
        end as reason
    from seen
    left join units
        on seen.duid = units.unit_code
    left join classified
        on seen.duid = classified.unit_code
    where units.unit_code is null
)

select * from unmapped
