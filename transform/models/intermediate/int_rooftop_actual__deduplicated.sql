{#- MEASUREMENT rows only: archive files also carry SATELLITE estimates for the same half hour.
    Regions only: AEMO also publishes sub-regions (QLDC, QLDN, QLDS, TASN, TASS), which are parts
    of QLD1 and TAS1 and would count twice. -#}
{%- set nem_regions = ['NSW1', 'QLD1', 'SA1', 'TAS1', 'VIC1'] %}

with

measurements as (
    select * from {{ ref('stg_aemo__rooftop_actual') }}
    where upper(measurement_type) = 'MEASUREMENT'
        and network_region in ('{{ nem_regions | join("', '") }}')
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
