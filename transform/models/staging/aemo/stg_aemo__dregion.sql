with

source as (
    select * from {{ source('aemo', 'dregion') }}
),

renamed as (
    select
        {{ aemo_timestamp('settlementdate') }} as interval_end,
        cast(runno as integer) as run_no,
        regionid as network_region,
        cast(intervention as integer) as intervention,
        {{ aemo_number('rrp') }} as price,
        {{ aemo_number('totaldemand') }} as total_demand_mw,
        {{ aemo_number('availablegeneration') }} as available_generation_mw,
        {{ aemo_number('dispatchablegeneration') }} as dispatchable_generation_mw,
        {{ aemo_number('dispatchableload') }} as dispatchable_load_mw,
        {{ aemo_number('netinterchange') }} as net_interchange_mw,
        _table_version,
        _source_file,
        _file_sha256,
        _loaded_at
    from source
)

select * from renamed
