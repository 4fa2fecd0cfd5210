with

source as (
    select * from {{ source('wem', 'wem_pulse') }}
),

renamed as (
    select
        cast(nullif(trim(trading_day_interval), '') as timestamp) as interval_start,
        'WEM' as network_id,
        'WEM' as network_region,
        {{ aemo_number('price') }} as price,
        {{ aemo_number('forecast_mw') }} as forecast_mw,
        {{ aemo_number('forecast_eoi_mw') }} as forecast_eoi_mw,
        {{ aemo_number('forecast_nsg_mw') }} as forecast_nsg_mw,
        {{ aemo_number('actual_nsg_mw') }} as actual_nsg_mw,
        {{ aemo_number('actual_total_generation') }} as actual_total_generation_mw,
        (
            {{ aemo_number('actual_total_generation') }} is null
            and {{ aemo_number('actual_nsg_mw') }} is null
        ) as is_forecast,
        cast(nullif(trim(as_at), '') as timestamp) as as_at,
        _source_file,
        _file_sha256,
        _loaded_at
    from source
)

select * from renamed
