{#- Missing intervals: per source table and region, an interval is expected to follow the one
    before it at that earlier interval's own cadence (its start + its length, i.e. its end);
    a later loaded interval leaves a gap from that expected start up to itself.
    Trading price changed cadence at five-minute settlement: the last 30-minute interval starts
    2021-09-30 23:30 and ends 2021-10-01 00:00, where the first 5-minute one starts, so that step is
    no gap. A gap across the change counts its 30-minute intervals up to the change and its 5-minute
    ones after (cadence_changes_at). -#}
with

intervals as (
    select distinct
        'dispatch_unit_scada' as source_table,
        'NEM' as network_region,
        5 as cadence_minutes,
        cast(null as timestamp) as cadence_changes_at,
        interval_start
    from {{ ref('int_dispatch_unit_scada__deduplicated') }}
    union all
    select distinct 'dispatch_price', network_region, 5, cast(null as timestamp), interval_start
    from {{ ref('int_dispatch_price__deduplicated') }}
    union all
    select distinct 'dispatch_regionsum', network_region, 5, cast(null as timestamp), interval_start
    from {{ ref('int_dispatch_regionsum__deduplicated') }}
    union all
    select distinct
        'trading_price', network_region, interval_minutes, {{ five_minute_settlement_start() }}, interval_start
    from {{ ref('int_trading_price__deduplicated') }}
    union all
    select distinct 'rooftop_actual', network_region, 30, cast(null as timestamp), interval_start
    from {{ ref('int_rooftop_actual__deduplicated') }}
),

stepped as (
    select
        source_table,
        network_region,
        cadence_minutes,
        cadence_changes_at,
        interval_start,
        lag(interval_start) over (
            partition by source_table, network_region order by interval_start
        ) as previous_start,
        lag(cadence_minutes) over (
            partition by source_table, network_region order by interval_start
        ) as previous_cadence_minutes
    from intervals
),

expected as (
    select
        source_table,
        network_region,
        cadence_minutes,
        previous_cadence_minutes,
        interval_start,
        {{ dbt.dateadd('minute', 'previous_cadence_minutes', 'previous_start') }} as expected_start,
        {#- Where the missing run switches from the earlier cadence to the later one. -#}
        case
            when cadence_minutes = previous_cadence_minutes then interval_start
            else cadence_changes_at
        end as cadence_switch_start
    from stepped
    where previous_start is not null
)

select
    source_table,
    network_region,
    expected_start as first_missing_start,
    case
        when cadence_switch_start = interval_start
            then {{ dbt.dateadd('minute', '-previous_cadence_minutes', 'interval_start') }}
        else {{ dbt.dateadd('minute', '-cadence_minutes', 'interval_start') }}
    end as last_missing_start,
    cast(
        {{ dbt.datediff('expected_start', 'cadence_switch_start', 'minute') }} / previous_cadence_minutes
        + {{ dbt.datediff('cadence_switch_start', 'interval_start', 'minute') }} / cadence_minutes
        as integer
    ) as missing_intervals
from expected
where expected_start < interval_start
