{#- MEASUREMENT rows only: archive files also carry SATELLITE estimates for the same half hour. -#}
with

measurements as (
    select * from {{ ref('stg_aemo__rooftop_actual') }}
    where upper(measurement_type) = 'MEASUREMENT'
),

latest as (
    {{ deduplicate_latest('measurements', ['network_region', 'interval_end'], 'last_changed') }}
)

select
    {{ interval_start('interval_end', 30) }} as interval_start,
    interval_end,
    network_region,
    power_mw,
    quality_indicator,
    last_changed,
    _source_file,
    _loaded_at
from latest
