with

source as (
    select * from {{ source('aemo', 'market_config_interconnector') }}
),

renamed as (
    select
        interconnectorid as interconnector_id,
        regionfrom as region_from,
        regionto as region_to,
        description,
        {{ aemo_timestamp('lastchanged') }} as last_changed,
        _table_version,
        _source_file,
        _file_sha256,
        _loaded_at
    from source
)

select * from renamed
