with

source as (
    select * from {{ source('bom', 'bom_observations') }}
),

renamed as (
    select
        trim(wmo) as wmo,
        {{ compact_timestamp("nullif(trim(aifstime_utc), '')") }} as observed_at_utc,
        name as station_name,
        {{ aemo_number('air_temp') }} as air_temp_c,
        {{ aemo_number('apparent_t') }} as apparent_temp_c,
        {{ aemo_number('rel_hum') }} as relative_humidity_pct,
        {{ aemo_number('wind_spd_kmh') }} as wind_speed_kmh,
        {{ aemo_number('gust_kmh') }} as wind_gust_kmh,
        nullif(trim(wind_dir), '-') as wind_direction,
        {{ aemo_number('press_qnh') }} as pressure_qnh_hpa,
        _source_file,
        _file_sha256,
        _loaded_at
    from source
)

select * from renamed
