with

source as (
    select * from {{ source('aemo', 'registration_units') }}
),

renamed as (
    select
        nullif({{ squish('duid') }}, '') as unit_code,
        {{ squish('station_name') }} as station_name,
        {{ squish('participant') }} as participant,
        {{ squish('region') }} as network_region,
        {{ squish('dispatch_type') }} as dispatch_type_label,
        {{ squish('category') }} as category,
        {{ squish('classification') }} as classification,
        nullif({{ squish('fuel_source_primary') }}, '') as fuel_source_primary,
        nullif({{ squish('fuel_source_descriptor') }}, '') as fuel_source_descriptor,
        nullif({{ squish('technology_type_primary') }}, '') as technology_type_primary,
        nullif({{ squish('technology_type_descriptor') }}, '') as technology_type_descriptor,
        {{ squish('units') }} as unit_numbers,
        {{ squish('aggregation') }} = 'Y' as is_aggregated,
        {{ dbt.safe_cast(squish('reg_cap_generation_mw'), type_double()) }} as capacity_registered_mw,
        {{ dbt.safe_cast(squish('max_cap_generation_mw'), type_double()) }} as capacity_maximum_mw,
        {{ dbt.safe_cast(squish('reg_cap_consumption_mw'), type_double()) }} as consumption_registered_mw,
        {{ dbt.safe_cast(squish('max_cap_consumption_mw'), type_double()) }} as consumption_maximum_mw,
        {{ dbt.safe_cast(squish('maximum_storage_capacity'), type_double()) }} as storage_capacity_mwh,
        cast(_sheet_row as integer) as sheet_row,
        _source_file,
        _file_sha256,
        cast(_loaded_at as timestamp) as _loaded_at
    from source
)

select * from renamed
