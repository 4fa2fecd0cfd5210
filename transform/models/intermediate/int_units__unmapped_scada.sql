{#- SCADA DUIDs without a dim_units row, with what they carried. AEMO's placeholder DUIDs
    (DG_<region>: dummy generators, RT_<region>: reserve trader units) are recognised and marked,
    not treated as missing units. -#}
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
        count(*) as reading_count,
        max(abs({{ aemo_number('scadavalue') }})) as max_abs_power_mw
    from scada
    group by {{ squish('duid') }}
),

unmapped as (
    select
        seen.duid,
        seen.first_settlementdate,
        seen.last_settlementdate,
        seen.reading_count,
        seen.max_abs_power_mw,
        substr(seen.duid, 1, 3) in ('DG_', 'RT_') as is_placeholder,
        substr(seen.duid, 1, 3) not in ('DG_', 'RT_') or seen.max_abs_power_mw > 0 as is_reported,
        case
            when substr(seen.duid, 1, 3) in ('DG_', 'RT_')
                then 'AEMO placeholder DUID'
            when classified.unit_code is null
                then 'not in the registration list, history or legacy registry'
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
