{#- Missing intervals: per source table and region, two consecutive intervals further apart than
    the cadence leave a gap from one cadence after the earlier up to the later one. -#}
with

intervals as (
    select distinct 'dispatch_unit_scada' as source_table, 'NEM' as network_region, 5 as cadence_minutes, interval_start
    from {{ ref('int_dispatch_unit_scada__deduplicated') }}
    union all
    select distinct 'dispatch_price', network_region, 5, interval_start
    from {{ ref('int_dispatch_price__deduplicated') }}
    union all
    select distinct 'dispatch_regionsum', network_region, 5, interval_start
    from {{ ref('int_dispatch_regionsum__deduplicated') }}
    union all
    select distinct 'trading_price', network_region, interval_minutes, interval_start
    from {{ ref('int_trading_price__deduplicated') }}
    union all
    select distinct 'rooftop_actual', network_region, 30, interval_start
    from {{ ref('int_rooftop_actual__deduplicated') }}
),

stepped as (
    select
        source_table,
        network_region,
        cadence_minutes,
        interval_start,
        lag(interval_start) over (
            partition by source_table, network_region order by interval_start
        ) as previous_start
    from intervals
)

select
    source_table,
    network_region,
    {{ dbt.dateadd('minute', 'cadence_minutes', 'previous_start') }} as first_missing_start,
    {{ dbt.dateadd('minute', '-cadence_minutes', 'interval_start') }} as last_missing_start,
    cast({{ dbt.datediff('previous_start', 'interval_start', 'minute') }} / cadence_minutes - 1 as integer) as missing_intervals
from stepped
where previous_start is not null
    and {{ dbt.datediff('previous_start', 'interval_start', 'minute') }} > cadence_minutes
