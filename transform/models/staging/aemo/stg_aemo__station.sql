with

source as (
    select * from {{ source('aemo', 'participant_registration_station') }}
),

renamed as (
    select
        stationid as station_id,
        stationname as station_name,
        state,
        postcode,
        {{ aemo_timestamp('lastchanged') }} as last_changed,
        _table_version,
        _source_file,
        _file_sha256,
        _loaded_at
    from source
)

select * from renamed
