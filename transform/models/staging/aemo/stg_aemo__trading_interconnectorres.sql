with

source as (
    select * from {{ source('aemo', 'trading_interconnectorres') }}
),

renamed as (
    select
        {{ aemo_timestamp('settlementdate') }} as interval_end,
        cast(runno as integer) as run_no,
        interconnectorid as interconnector_id,
        cast(periodid as integer) as period_id,
        {{ aemo_number('meteredmwflow') }} as metered_mw_flow,
        {{ aemo_number('mwflow') }} as mw_flow,
        {{ aemo_number('mwlosses') }} as mw_losses,
        {{ aemo_timestamp('lastchanged') }} as last_changed,
        _table_version,
        _source_file,
        _file_sha256,
        _loaded_at
    from source
)

select * from renamed
