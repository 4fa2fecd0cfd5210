{#- APVI rooftop PV for WA (the WEM) on the 5-minute grid: one value per 15-minute interval (the
    latest loaded response that has it), carried onto its three 5-minute intervals. -#}
with

quarter_hours as (
    select * from (
        select
            interval_start,
            power_mw,
            _loaded_at,
            row_number() over (
                partition by interval_start
                order by _loaded_at desc, _file_sha256 desc
            ) as copy_rank
        from {{ ref('int_apvi_rooftop__aggregated_to_regions') }}
        where network_region = 'WEM'
    ) as ranked
    where copy_rank = 1
),

offsets as (
    select 0 as step
    union all select 1
    union all select 2
)

select
    {{ dbt.dateadd('minute', 'offsets.step * 5', 'quarter_hours.interval_start') }} as interval_start,
    'WEM' as network_id,
    'WEM' as network_region,
    quarter_hours.power_mw,
    quarter_hours._loaded_at
from quarter_hours
cross join offsets
