with

source as (
    select * from {{ source('aemo', 'co2eii_publishing') }}
),

renamed as (
    select
        trim(duid) as unit_code,
        trim(gensetid) as genset_id,
        trim(stationname) as station_name,
        trim(regionid) as network_region,
        cast(co2e_emissions_factor as double) as emissions_factor_co2,
        trim(co2e_energy_source) as energy_source,
        trim(co2e_data_source) as data_source,
        _table_version,
        _source_file,
        _file_sha256,
        cast(_loaded_at as timestamp) as _loaded_at
    from source
)

select * from renamed
