{#- AEMO publishes two estimates of each half hour, TYPE MEASUREMENT (from a sample of measured
    systems) and SATELLITE (from satellite imagery); they differ a lot (NSW1 on 2024-07-01: 14,640
    against 12,498 MWh). MEASUREMENT is kept where there is one and SATELLITE fills the half hours
    without, so a missing MEASUREMENT is not a gap; `measurement_type` says which was kept.
    Regions only: AEMO also publishes sub-regions (QLDC, QLDN, QLDS, TASN, TASS), which are parts
    of QLD1 and TAS1 and would count twice.
    Incremental: each run re-decides only the half hours with a copy loaded since the last run,
    among the new copies and the value kept so far (macro changed_copies): the kept value won
    over every older copy of its type, and a kept SATELLITE value means no MEASUREMENT was
    loaded, so the preference gives the same answer as over every copy. -#}
{%- set nem_regions = ['NSW1', 'QLD1', 'SA1', 'TAS1', 'VIC1'] %}
{%- set key_columns = ['network_region', 'interval_end'] %}
{%- set copy_columns = ['interval_end', 'network_region', 'power_mw', 'quality_indicator', 'measurement_type', 'last_changed', '_source_file', '_loaded_at'] %}
{{ config(materialized='incremental', unique_key=key_columns) }}

with

estimates as (
    select
        interval_end,
        network_region,
        power_mw,
        quality_indicator,
        upper(measurement_type) as measurement_type,
        last_changed,
        _source_file,
        _loaded_at
    from {{ ref('stg_aemo__rooftop_actual') }}
    where upper(measurement_type) in ('MEASUREMENT', 'SATELLITE')
        and network_region in ('{{ nem_regions | join("', '") }}')
),

copies as (
    {{ changed_copies('estimates', key_columns, copy_columns) }}
),

latest as (
    {{ deduplicate_latest('copies', ['network_region', 'interval_end', 'measurement_type'], 'last_changed') }}
),

preferred as (
    select
        *,
        row_number() over (
            partition by network_region, interval_end
            order by case when measurement_type = 'MEASUREMENT' then 0 else 1 end
        ) as _type_rank
    from latest
)

select
    {{ interval_start('interval_end', 30) }} as interval_start,
    interval_end,
    network_region,
    power_mw,
    measurement_type,
    quality_indicator,
    last_changed,
    _source_file,
    _loaded_at
from preferred
where _type_rank = 1
{{ full_build_time_order() }}
