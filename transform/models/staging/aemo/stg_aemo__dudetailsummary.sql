with

source as (
    select * from {{ source('aemo', 'participant_registration_dudetailsummary') }}
),

renamed as (
    select
        duid as unit_code,
        {{ aemo_timestamp('start_date') }} as start_date,
        {{ aemo_timestamp('end_date') }} as end_date,
        dispatchtype as dispatch_type,
        regionid as network_region,
        stationid as station_id,
        participantid as participant_id,
        schedule_type,
        {{ aemo_timestamp('lastchanged') }} as last_changed,
        _table_version,
        _source_file,
        _file_sha256,
        _loaded_at
    from source
)

select * from renamed
