with

source as (
    select * from {{ source('apvi', 'apvi_performance') }}
),

renamed as (
    select
        {{ iso_utc_timestamp('ts') }} as interval_utc,
        trim(postcode_prefix) as postcode_prefix,
        {{ aemo_number('performance') }} as performance_pct,
        series,
        _source_file,
        _file_sha256,
        _loaded_at
    from source
)

select * from renamed
