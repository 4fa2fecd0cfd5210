with

source as (
    select * from {{ source('aemo', 'meter_data_gen_duid') }}
),

renamed as (
    select
        {{ aemo_timestamp('interval_datetime') }} as interval_end,
        duid as unit_code,
        {{ aemo_number('mwh_reading') }} as energy_mwh,
        {{ aemo_timestamp('lastchanged') }} as last_changed,
        _table_version,
        _source_file,
        _file_sha256,
        _loaded_at
    from source
)

select * from renamed
