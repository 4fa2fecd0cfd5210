with

registration as (
    select * from {{ ref('stg_aemo__registration_units') }}
),

fueltech_map as (
    select * from {{ ref('aemo_fueltech_map') }}
),

fueltechs as (
    select * from {{ ref('fueltechs') }}
),

deduplicated as (
    select
        *,
        row_number() over (
            partition by unit_code
            order by consumption_registered_mw is null, sheet_row
        ) as duplicate_rank
    from registration
    where unit_code <> '-'
),

typed as (
    select
        unit_code,
        {{ derived_facility_code('station_name') }} as facility_code,
        station_name,
        participant,
        network_region,
        case dispatch_type_label
            when 'Generating Unit' then 'GENERATOR'
            when 'Load' then 'LOAD'
            when 'Bidirectional Unit' then 'BIDIRECTIONAL'
        end as dispatch_type,
        classification,
        category,
        fuel_source_primary,
        fuel_source_descriptor,
        technology_type_primary,
        technology_type_descriptor,
        {% for column in ['fuel_source_primary', 'fuel_source_descriptor', 'technology_type_primary', 'technology_type_descriptor'] -%}
        coalesce(nullif(lower({{ column }}), '-'), '') as {{ column }}_key,
        {% endfor -%}
        coalesce(capacity_registered_mw, consumption_registered_mw) as capacity_registered_mw,
        coalesce(capacity_maximum_mw, consumption_maximum_mw) as capacity_maximum_mw,
        storage_capacity_mwh,
        _source_file,
        _loaded_at
    from deduplicated
    where duplicate_rank = 1
),

classified as (
    select
        typed.*,
        fueltech_map.fueltech_id,
        fueltech_map.mapping_origin
    from typed
    left join fueltech_map
        on typed.fuel_source_primary_key = coalesce(fueltech_map.fuel_source_primary, '')
        and typed.fuel_source_descriptor_key = coalesce(fueltech_map.fuel_source_descriptor, '')
        and typed.technology_type_primary_key = coalesce(fueltech_map.technology_type_primary, '')
        and typed.technology_type_descriptor_key = coalesce(fueltech_map.technology_type_descriptor, '')
        and typed.dispatch_type = fueltech_map.dispatch_type
),

final as (
    select
        classified.unit_code as unit_code,
        classified.facility_code,
        classified.station_name,
        classified.participant,
        'NEM' as network_id,
        classified.network_region,
        classified.dispatch_type,
        classified.classification,
        classified.category,
        classified.fuel_source_primary,
        classified.fuel_source_descriptor,
        classified.technology_type_primary,
        classified.technology_type_descriptor,
        classified.fueltech_id as fueltech_id,
        classified.mapping_origin,
        fueltechs.fueltech_group_id,
        fueltechs.is_renewable,
        classified.capacity_registered_mw,
        classified.capacity_maximum_mw,
        classified.storage_capacity_mwh,
        'operating' as status_id,
        classified._source_file,
        classified._loaded_at
    from classified
    left join fueltechs
        on classified.fueltech_id = fueltechs.fueltech_id
)

select * from final
