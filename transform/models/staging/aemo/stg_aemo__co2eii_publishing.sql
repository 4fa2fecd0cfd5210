with

source as (
    select * from {{ source('aemo', 'co2eii_publishing') }}
),

renamed as (
    select
        {{ squish('duid') }} as unit_code,
        {{ squish('gensetid') }} as genset_id,
        {{ squish('stationname') }} as station_name,
        {{ squish('regionid') }} as network_region,
        {{ aemo_number('co2e_emissions_factor') }} as emissions_factor_co2,
        {{ squish('co2e_energy_source') }} as energy_source,
        {{ squish('co2e_data_source') }} as data_source,
        _table_version,
        _source_file,
        _file_sha256,
        cast(_loaded_at as timestamp) as _loaded_at
    from source
)

select * from renamed
