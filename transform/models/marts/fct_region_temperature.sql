{#- Air temperature per network region and 30-minute interval (BOM observes every half hour; the
    odd special observation falls in its interval). One observation per station and time: the
    latest loaded copy. interval_start is network-local (AEST UTC+10, AWST UTC+8). -#}
with

stations as (
    select * from {{ ref('bom_stations') }}
    where network_id is not null
),

observations as (
    select * from {{ ref('stg_bom__observations') }}
    where air_temp_c is not null
),

deduplicated as (
    {{ deduplicate_latest('observations', ['wmo', 'observed_at_utc'], lastchanged='_loaded_at') }}
),

localised as (
    select
        stations.network_id as network_id,
        stations.network_region as network_region,
        stations.station_code as station_code,
        {{ dbt.dateadd('minute', 'cast(stations.utc_offset_minutes as integer)', 'deduplicated.observed_at_utc') }}
            as observed_at,
        deduplicated.air_temp_c as air_temp_c,
        deduplicated._loaded_at as _loaded_at
    from deduplicated
    inner join stations on stations.wmo = deduplicated.wmo
),

final as (
    select
        cast({{ floor_minutes('observed_at', 30) }} as timestamp) as interval_start,
        cast(network_id as varchar) as network_id,
        cast(network_region as varchar) as network_region,
        cast(station_code as varchar) as station_code,
        cast(avg(air_temp_c) as {{ type_double() }}) as temperature_mean,
        cast(min(air_temp_c) as {{ type_double() }}) as temperature_min,
        cast(max(air_temp_c) as {{ type_double() }}) as temperature_max,
        cast(count(*) as integer) as observation_count,
        cast(max(_loaded_at) as timestamp) as _loaded_at
    from localised
    group by 1, 2, 3, 4
)

select * from final
