with

source as (
    select * from {{ source('aemo', 'dispatch_price') }}
),

renamed as (
    select
        {{ aemo_timestamp('settlementdate') }} as interval_end,
        cast(runno as integer) as run_no,
        regionid as network_region,
        dispatchinterval as dispatch_interval,
        cast(intervention as integer) as intervention,
        {{ aemo_number('rrp') }} as price,
        price_status,
        {{ aemo_timestamp('lastchanged') }} as last_changed,
        _table_version,
        _source_file,
        _file_sha256,
        _loaded_at
    from source
)

select * from renamed
