with

source as (
    select * from {{ source('wem', 'wem_facility_scada_legacy') }}
),

renamed as (
    select
        cast(nullif(trim(trading_interval), '') as timestamp) as interval_start,
        'WEM' as network_id,
        'WEM' as network_region,
        trim(facility_code) as facility_code,
        trim(participant_code) as participant_code,
        {{ aemo_number('energy_generated_mwh') }} as energy_mwh,
        {{ aemo_number('eoi_quantity_mw') }} as eoi_quantity_mw,
        coalesce(
            {{ aemo_number('eoi_quantity_mw') }},
            {{ aemo_number('energy_generated_mwh') }} * 2
        ) as power_mw,
        _source_file,
        _file_sha256,
        _loaded_at
    from source
)

select * from renamed
