with

source as (
    select * from {{ source('aemo', 'rooftop_actual') }}
),

renamed as (
    select
        {{ aemo_timestamp('interval_datetime') }} as interval_end,
        regionid as network_region,
        {{ aemo_number('power') }} as power_mw,
        {{ aemo_number('qi') }} as quality_indicator,
        type as measurement_type,
        {{ aemo_timestamp('lastchanged') }} as last_changed,
        _table_version,
        _source_file,
        _file_sha256,
        _loaded_at
    from source
)

select * from renamed
