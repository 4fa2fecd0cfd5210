with

source as (
    select * from {{ source('aemo', 'participant_registration_dudetail') }}
),

renamed as (
    select
        {{ aemo_timestamp('effectivedate') }} as effective_date,
        duid as unit_code,
        cast(versionno as integer) as version_no,
        {{ aemo_number('registeredcapacity') }} as capacity_registered_mw,
        {{ aemo_number('maxcapacity') }} as capacity_maximum_mw,
        dispatchtype as dispatch_type,
        {{ aemo_timestamp('lastchanged') }} as last_changed,
        _table_version,
        _source_file,
        _file_sha256,
        _loaded_at
    from source
)

select * from renamed
