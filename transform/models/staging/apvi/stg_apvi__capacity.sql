with

source as (
    select * from {{ source('apvi', 'apvi_capacity') }}
),

renamed as (
    select
        trim(postcode_prefix) as postcode_prefix,
        {{ aemo_number('capacity') }} as capacity_mw,
        series,
        _source_file,
        _file_sha256,
        _loaded_at
    from source
)

select * from renamed
