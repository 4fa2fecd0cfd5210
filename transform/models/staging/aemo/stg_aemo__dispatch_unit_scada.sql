with

source as (
    select * from {{ source('aemo', 'dispatch_unit_scada') }}
),

renamed as (
    select
        {{ aemo_timestamp('settlementdate') }} as interval_end,
        duid as unit_code,
        {{ aemo_number('scadavalue') }} as power_mw,
        {{ aemo_timestamp(optional_column(source('aemo', 'dispatch_unit_scada'), 'lastchanged')) }} as last_changed,
        _table_version,
        _source_file,
        _file_sha256,
        _loaded_at
    from source
)

select * from renamed
