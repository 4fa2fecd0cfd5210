{#- The 30-minute trading price of the half hours before five-minute settlement (2021-10-01) on
    the 5-minute grid: the trading interval starting 08:00 (ending 08:30) prices the dispatch
    intervals starting 08:00 .. 08:25, each with the same price. What energy was settled at
    then, so unit market value uses it (macro unit_intervals). -#}
with

trading_intervals as (
    select * from {{ ref('int_trading_price__deduplicated') }}
    where interval_minutes = 30
),

steps as (
    {{ five_minute_steps(6) }}
)

select
    {{ dbt.dateadd('minute', 'steps.step * 5', 'trading_intervals.interval_start') }} as interval_start,
    trading_intervals.interval_start as trading_interval_start,
    trading_intervals.network_region as network_region,
    trading_intervals.price as price,
    trading_intervals._loaded_at as _loaded_at
from trading_intervals
cross join steps
