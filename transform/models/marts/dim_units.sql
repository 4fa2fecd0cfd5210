{#- Every unit: NEM units resolved in order registration list -> registration history ->
    OpenNEM's legacy registry, then WEM units (wem_units seed). A NEM unit's emissions factor
    follows the chain AEMO CO2EII (the publication in force now) -> the legacy registry's factor ->
    the fueltech's default (seed fueltech_emission_factors, 0 for fueltechs that burn nothing).
    Fueltechs without a group (the legacy registry's VPP and demand-response aggregators) are not
    units of their own and are left out. -#}
{%- set columns = [
    'unit_code', 'facility_code', 'network_id', 'network_region', 'fueltech_id',
    'dispatch_type', 'capacity_registered_mw', 'status_id',
] %}
{%- set unit_columns = columns + [
    'fueltech_group_id', 'is_renewable', 'emissions_factor_co2', 'emissions_factor_source',
    'registration_source',
] %}

with

nem_units as (
    select {{ columns | join(', ') }}, 'registration list' as registration_source
    from {{ ref('int_units__classified') }}
    union all
    select {{ columns | join(', ') }}, 'registration history' as registration_source
    from {{ ref('int_units__retired') }}
    union all
    select {{ columns | join(', ') }}, 'legacy registry' as registration_source
    from {{ ref('int_units__legacy_only') }}
),

fueltechs as (
    select * from {{ ref('fueltechs') }}
),

co2eii as (
    select * from {{ ref('int_emission_factors__aggregated_to_units') }}
    where effective_to is null
),

legacy as (
    select * from {{ ref('legacy_units') }}
),

defaults as (
    select * from {{ ref('fueltech_emission_factors') }}
),

nem as (
    select
        {%- for column in columns + ['registration_source'] %}
        nem_units.{{ column }} as {{ column }},
        {%- endfor %}
        fueltechs.fueltech_group_id as fueltech_group_id,
        fueltechs.is_renewable as is_renewable,
        coalesce(
            co2eii.emissions_factor_co2,
            legacy.emissions_factor_co2,
            defaults.emissions_factor_co2
        ) as emissions_factor_co2,
        case
            when co2eii.emissions_factor_co2 is not null then 'AEMO CO2EII'
            when legacy.emissions_factor_co2 is not null then 'OpenNEM legacy registry'
            when defaults.emissions_factor_co2 is not null then defaults.emissions_factor_source
        end as emissions_factor_source
    from nem_units
    inner join fueltechs
        on nem_units.fueltech_id = fueltechs.fueltech_id
    left join co2eii
        on nem_units.unit_code = co2eii.unit_code
    left join legacy
        on nem_units.unit_code = legacy.unit_code
    left join defaults
        on nem_units.fueltech_id = defaults.fueltech_id
    where fueltechs.fueltech_group_id is not null
),

wem as (
    select *, 'WEM units seed' as registration_source
    from {{ ref('int_wem_units__classified') }}
),

units as (
    select {{ unit_columns | join(', ') }} from nem
    union all
    select {{ unit_columns | join(', ') }} from wem
)

{{ select_contract_columns('units') }}
