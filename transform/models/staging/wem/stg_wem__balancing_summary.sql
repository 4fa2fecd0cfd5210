with

source as (
    select * from {{ source('wem', 'wem_balancing_summary') }}
),

renamed as (
    select
        cast(nullif(trim(trading_interval), '') as timestamp) as interval_start,
        'WEM' as network_id,
        'WEM' as network_region,
        {{ aemo_number('final_price_mwh') }} as price,
        {{ aemo_number('load_forecast_mw') }} as load_forecast_mw,
        {{ aemo_number('scheduled_generation_mw') }} as generation_scheduled_mw,
        {{ aemo_number('non_scheduled_generation_mw') }} as generation_non_scheduled_mw,
        {{ aemo_number('total_generation_mw') }} as generation_total_mw,
        _source_file,
        _file_sha256,
        _loaded_at
    from source
)

select * from renamed
