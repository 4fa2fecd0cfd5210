{#- Every unit: NEM units resolved in order registration list -> registration history ->
    OpenNEM's legacy registry, then WEM units (wem_units seed). A NEM unit's emissions factor
    follows the chain AEMO CO2EII (the publication in force now) -> the legacy registry's factor ->
    the fueltech's default (seed fueltech_emission_factors, 0 for fueltechs that burn nothing).
    A NEM unit's facility code is OpenElectricity's: the legacy registry's station code of the
    DUID, else the station code the legacy registry gives another DUID of the same derived
    facility (the alphabetically first, when several), else the code of the one NEM station of
    the registry whose name gives the same derived code (Hornsdale Power Reserve -> HORNSDPR),
    else the code derived from the station name (macro derived_facility_code). Maximum and
    storage capacity come from today's registration list (null for retired and WEM units).
    Fueltechs without a group (the legacy registry's VPP and demand-response aggregators) are not
    units of their own and are left out. -#}
{%- set columns = [
    'unit_code', 'facility_code', 'network_id', 'network_region', 'fueltech_id',
    'dispatch_type', 'capacity_registered_mw', 'status_id',
] %}
{%- set unit_columns = columns + [
    'fueltech_group_id', 'is_renewable', 'emissions_factor_co2', 'emissions_factor_source',
    'registration_source', 'capacity_maximum_mw', 'capacity_storage_mwh',
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

registered as (
    select * from {{ ref('int_units__classified') }}
),

{#- The legacy station code of each derived facility code some of whose DUIDs the registry knows:
    a DUID the registry lacks (a battery added to a known station) joins its siblings. -#}
station_codes as (
    select
        nem_units.facility_code as derived_code,
        min(legacy.facility_code) as facility_code
    from nem_units
    inner join legacy
        on nem_units.unit_code = legacy.unit_code
    group by nem_units.facility_code
),

{#- The registry's NEM stations by the code their name derives to, where only one does. -#}
station_names as (
    select
        derived_code,
        min(facility_code) as facility_code
    from (
        select
            {{ derived_facility_code('facility_name') }} as derived_code,
            facility_code
        from {{ ref('legacy_stations') }}
        where network_id = 'NEM'
    ) as named
    group by derived_code
    having count(*) = 1
),

nem as (
    select
        {%- for column in columns + ['registration_source'] if column != 'facility_code' %}
        nem_units.{{ column }} as {{ column }},
        {%- endfor %}
        coalesce(
            legacy.facility_code,
            station_codes.facility_code,
            station_names.facility_code,
            nem_units.facility_code
        ) as facility_code,
        registered.capacity_maximum_mw as capacity_maximum_mw,
        nullif(registered.storage_capacity_mwh, 0) as capacity_storage_mwh,
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
    left join station_codes
        on nem_units.facility_code = station_codes.derived_code
    left join station_names
        on nem_units.facility_code = station_names.derived_code
    left join registered
        on nem_units.unit_code = registered.unit_code
        and nem_units.registration_source = 'registration list'
    where fueltechs.fueltech_group_id is not null
),

wem as (
    select
        *,
        'WEM units seed' as registration_source,
        cast(null as {{ type_double() }}) as capacity_maximum_mw,
        cast(null as {{ type_double() }}) as capacity_storage_mwh
    from {{ ref('int_wem_units__classified') }}
),

units as (
    select {{ unit_columns | join(', ') }} from nem
    union all
    select {{ unit_columns | join(', ') }} from wem
)

{{ select_contract_columns('units') }}
