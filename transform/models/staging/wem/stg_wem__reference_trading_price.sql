with

source as (
    select * from {{ source('wem', 'wem_reference_trading_price') }}
),

renamed as (
    select
        {{ offset_timestamp_to_local('trading_interval', 8) }} as interval_start,
        'WEM' as network_id,
        'WEM' as network_region,
        {{ aemo_number('reference_trading_price') }} as price,
        _source_file,
        _file_sha256,
        _loaded_at
    from source
)

select * from renamed
