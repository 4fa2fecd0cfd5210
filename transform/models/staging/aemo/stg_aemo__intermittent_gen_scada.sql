with

source as (
    select * from {{ source('aemo', 'demand_intermittent_gen_scada') }}
),

renamed as (
    select
        {{ aemo_timestamp('run_datetime') }} as interval_end,
        duid as unit_code,
        scada_type,
        {{ aemo_number('scada_value') }} as scada_value,
        scada_quality,
        {{ aemo_timestamp('lastchanged') }} as last_changed,
        _table_version,
        _source_file,
        _file_sha256,
        _loaded_at
    from source
)

select * from renamed
