{#- The WEM reference trading price on the 5-minute grid: one row per 30-minute trading interval
    (latest load of each, then greatest file), carried onto its six 5-minute intervals: the
    trading interval starting 08:00 prices the dispatch intervals starting 08:00 .. 08:25. -#}
with

trading_intervals as (
    {{ deduplicate_latest(ref('stg_wem__reference_trading_price'), ['interval_start'], '_loaded_at') }}
),

offsets as (
    select 0 as step
    union all select 1
    union all select 2
    union all select 3
    union all select 4
    union all select 5
)

select
    {{ dbt.dateadd('minute', 'offsets.step * 5', 'trading_intervals.interval_start') }} as interval_start,
    trading_intervals.interval_start as trading_interval_start,
    'WEM' as network_id,
    'WEM' as network_region,
    trading_intervals.price,
    trading_intervals._loaded_at
from trading_intervals
cross join offsets
