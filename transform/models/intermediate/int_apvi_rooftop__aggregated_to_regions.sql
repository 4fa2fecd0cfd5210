{#- Rooftop PV MW per network region and 15-minute interval of one APVI response: performance %
    x installed capacity of the same response, summed over the postcode prefixes of the region.
    Prefix 6 is WA: the WEM, less 66 and 67 (outside the SWIS). Prefix 0 (NT) has no region.
    Times move from UTC to network-local time (AEST UTC+10, AWST UTC+8). -#}
with

performance as (
    select * from {{ ref('stg_apvi__performance') }}
),

capacity as (
    select * from {{ ref('stg_apvi__capacity') }}
),

regions as (
    select
        performance.*,
        capacity.capacity_mw as capacity_mw,
        case left(performance.postcode_prefix, 1)
            when '2' then 'NSW1'
            when '3' then 'VIC1'
            when '4' then 'QLD1'
            when '5' then 'SA1'
            when '6' then 'WEM'
            when '7' then 'TAS1'
        end as network_region
    from performance
    inner join capacity
        on capacity._file_sha256 = performance._file_sha256
        and capacity.postcode_prefix = performance.postcode_prefix
        and capacity.series = case performance.series
            when 'performance' then 'capacity'
            else 'postcodeCapacity'
        end
    where left(performance.postcode_prefix, 2) not in ('66', '67')
),

summed as (
    select
        case network_region when 'WEM' then 'WEM' else 'NEM' end as network_id,
        network_region,
        case network_region
            when 'WEM' then {{ dbt.dateadd('hour', 8, 'interval_utc') }}
            else {{ dbt.dateadd('hour', 10, 'interval_utc') }}
        end as interval_start,
        sum(performance_pct / 100 * capacity_mw) as power_mw,
        sum(performance_pct / 100 * capacity_mw) / 4 as energy_mwh,
        count(*) as postcode_count,
        _file_sha256,
        max(_loaded_at) as _loaded_at
    from regions
    where network_region is not null
    group by network_region, interval_utc, _file_sha256
)

select * from summed
