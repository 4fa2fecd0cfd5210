{#- Each 30-minute rooftop PV value (interval END stamped) covers the six 5-minute intervals of its
    half hour: end 00:30 -> starts 00:00, 00:05, ..., 00:25, each with the same MW. -#}
with

half_hours as (
    select * from {{ ref('int_rooftop_actual__deduplicated') }}
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
    {{ dbt.dateadd('minute', 'offsets.step * 5', 'half_hours.interval_start') }} as interval_start,
    'NEM' as network_id,
    half_hours.network_region,
    half_hours.power_mw,
    half_hours._loaded_at
from half_hours
cross join offsets
