{#- The WEM trading price on the 5-minute grid: one price per 30-minute trading interval, carried
    onto its six 5-minute intervals (the trading interval starting 08:00 prices the dispatch
    intervals starting 08:00 .. 08:25). From the reform (wem_reform_start) it is the WEMDE
    reference trading price; before it, the legacy balancing summary Final Price. Each source
    keeps one copy per trading interval: the latest load, then the greatest file. -#}
with

reference as (
    {{ deduplicate_latest(ref('stg_wem__reference_trading_price'), ['interval_start'], '_loaded_at') }}
),

balancing as (
    {{ deduplicate_latest(ref('stg_wem__balancing_summary'), ['interval_start'], '_loaded_at') }}
),

trading_intervals as (
    select interval_start, price, _loaded_at from reference
    where interval_start >= {{ wem_reform_start() }}
    union all
    select interval_start, price, _loaded_at from balancing
    where interval_start < {{ wem_reform_start() }}
),

steps as (
    {{ five_minute_steps(6) }}
)

select
    {{ dbt.dateadd('minute', 'steps.step * 5', 'trading_intervals.interval_start') }} as interval_start,
    trading_intervals.interval_start as trading_interval_start,
    'WEM' as network_id,
    'WEM' as network_region,
    trading_intervals.price as price,
    trading_intervals._loaded_at as _loaded_at
from trading_intervals
cross join steps
