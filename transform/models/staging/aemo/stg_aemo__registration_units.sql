with

source as (
    select * from {{ source('aemo', 'registration_units') }}
),

renamed as (
    select
        nullif(trim(duid), '') as unit_code,
        trim(station_name) as station_name,
        trim(participant) as participant,
        trim(region) as network_region,
        trim(dispatch_type) as dispatch_type_label,
        trim(category) as category,
        trim(classification) as classification,
        nullif(trim(fuel_source_primary), '') as fuel_source_primary,
        nullif(trim(fuel_source_descriptor), '') as fuel_source_descriptor,
        nullif(trim(technology_type_primary), '') as technology_type_primary,
        nullif(trim(technology_type_descriptor), '') as technology_type_descriptor,
        trim(units) as unit_numbers,
        trim(aggregation) = 'Y' as is_aggregated,
        {{ dbt.safe_cast('trim(reg_cap_generation_mw)', 'double') }} as capacity_registered_mw,
        {{ dbt.safe_cast('trim(max_cap_generation_mw)', 'double') }} as capacity_maximum_mw,
        {{ dbt.safe_cast('trim(reg_cap_consumption_mw)', 'double') }} as consumption_registered_mw,
        {{ dbt.safe_cast('trim(max_cap_consumption_mw)', 'double') }} as consumption_maximum_mw,
        {{ dbt.safe_cast('trim(maximum_storage_capacity)', 'double') }} as storage_capacity_mwh,
        cast(_sheet_row as integer) as sheet_row,
        _source_file,
        _file_sha256,
        cast(_loaded_at as timestamp) as _loaded_at
    from source
)

select * from renamed
