with

source as (
    select * from {{ source('wem', 'wem_facility_scada') }}
),

renamed as (
    select
        {{ offset_timestamp_to_local('dispatch_interval', 8) }} as interval_start,
        'WEM' as network_id,
        'WEM' as network_region,
        trim(code) as facility_code,
        {{ aemo_number('quantity') }} as energy_mwh,
        {{ aemo_number('quantity') }} * 12 as power_mw,
        _source_file,
        _file_sha256,
        _loaded_at
    from source
)

select * from renamed
