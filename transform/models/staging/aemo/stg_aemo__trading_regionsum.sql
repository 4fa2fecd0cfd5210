with

source as (
    select * from {{ source('aemo', 'trading_regionsum') }}
),

renamed as (
    select
        {{ aemo_timestamp('settlementdate') }} as interval_end,
        cast(runno as integer) as run_no,
        regionid as network_region,
        cast(periodid as integer) as period_id,
        {{ aemo_number('totaldemand') }} as demand_mw,
        {{ aemo_number('availablegeneration') }} as available_generation_mw,
        {{ aemo_number('netinterchange') }} as net_interchange_mw,
        {{ aemo_number(optional_column(source('aemo', 'trading_regionsum'), 'demand_and_nonschedgen')) }} as demand_total_mw,
        {{ aemo_timestamp('lastchanged') }} as last_changed,
        _table_version,
        _source_file,
        _file_sha256,
        _loaded_at
    from source
)

select * from renamed
