with

source as (
    select * from {{ source('apvi', 'apvi_performance') }}
),

renamed as (
    select
        strptime(nullif(trim(ts), ''), '%Y-%m-%dT%H:%M:%SZ') as interval_utc,
        trim(postcode_prefix) as postcode_prefix,
        {{ aemo_number('performance') }} as performance_pct,
        series,
        _source_file,
        _file_sha256,
        _loaded_at
    from source
)

select * from renamed
