with

source as (
    select * from {{ source('aemo', 'dispatch_interconnectorres') }}
),

renamed as (
    select
        {{ aemo_timestamp('settlementdate') }} as interval_end,
        cast(runno as integer) as run_no,
        interconnectorid as interconnector_id,
        dispatchinterval as dispatch_interval,
        cast(intervention as integer) as intervention,
        {{ aemo_number('meteredmwflow') }} as metered_mw_flow,
        {{ aemo_number('mwflow') }} as mw_flow,
        {{ aemo_number('mwlosses') }} as mw_losses,
        {{ aemo_number('exportlimit') }} as export_limit_mw,
        {{ aemo_number('importlimit') }} as import_limit_mw,
        {{ aemo_timestamp('lastchanged') }} as last_changed,
        _table_version,
        _source_file,
        _file_sha256,
        _loaded_at
    from source
)

select * from renamed
