with

source as (
    select * from {{ source('aemo', 'participant_registration_genunits') }}
),

renamed as (
    select
        {{ squish('gensetid') }} as genset_id,
        {{ aemo_number('registeredcapacity') }} as capacity_registered_mw,
        {{ aemo_number('maxcapacity') }} as capacity_maximum_mw,
        {{ aemo_timestamp('lastchanged') }} as last_changed,
        _table_version,
        _source_file,
        _file_sha256,
        cast(_loaded_at as timestamp) as _loaded_at
    from source
)

select * from renamed
