with

source as (
    select * from {{ source('aemo', 'dispatch_regionsum') }}
),

renamed as (
    select
        {{ aemo_timestamp('settlementdate') }} as interval_end,
        cast(runno as integer) as run_no,
        regionid as network_region,
        dispatchinterval as dispatch_interval,
        cast(intervention as integer) as intervention,
        {{ aemo_number('totaldemand') }} as total_demand_mw,
        {{ aemo_number('demand_and_nonschedgen') }} as demand_and_nonschedgen_mw,
        {{ aemo_number('netinterchange') }} as net_interchange_mw,
        {{ aemo_number('availablegeneration') }} as available_generation_mw,
        {{ aemo_number('dispatchablegeneration') }} as dispatchable_generation_mw,
        {{ aemo_number('dispatchableload') }} as dispatchable_load_mw,
        {{ aemo_number(optional_column(source('aemo', 'dispatch_regionsum'), 'ss_solar_uigf')) }} as ss_solar_uigf_mw,
        {{ aemo_number(optional_column(source('aemo', 'dispatch_regionsum'), 'ss_solar_clearedmw')) }} as ss_solar_cleared_mw,
        {{ aemo_number(optional_column(source('aemo', 'dispatch_regionsum'), 'ss_wind_uigf')) }} as ss_wind_uigf_mw,
        {{ aemo_number(optional_column(source('aemo', 'dispatch_regionsum'), 'ss_wind_clearedmw')) }} as ss_wind_cleared_mw,
        {{ aemo_timestamp('lastchanged') }} as last_changed,
        _table_version,
        _source_file,
        _file_sha256,
        _loaded_at
    from source
)

select * from renamed
