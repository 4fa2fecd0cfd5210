{#- One WEM facility SCADA row per facility and 5-minute interval, from both eras:
    - WEMDE (intervals from the reform, wem_reform_start): the same day is published as current/
      JSON and again in the previous/ zip; the latest load wins, then the greatest file.
    - Legacy facility SCADA (intervals before the reform): one row per facility and 30-minute
      trading interval (latest load, then greatest file), carried onto its six 5-minute
      intervals with energy = Energy Generated (MWh) / 6 and power = MWh x 2 (the mean MW of the
      half hour, as WEMDE's quantity x 12 is of five minutes; EOI Quantity is not used).
    Incremental, as the NEM's deduplicated SCADA: each run re-decides only the keys with a copy
    loaded since the last run (a legacy key from every raw copy of it, as its kept rows are
    carried onto the 5-minute grid). -#}
{%- set key_columns = ['facility_code', 'interval_start'] %}
{%- set legacy_columns = ['interval_start', 'network_id', 'network_region', 'facility_code', 'energy_mwh', '_source_file', '_loaded_at'] %}
{%- set wemde_columns = legacy_columns + ['power_mw'] %}
{{ config(materialized='incremental', unique_key=key_columns) }}

with

wemde as (
    {{ deduplicate_changed(ref('stg_wem__facility_scada'), key_columns, wemde_columns, '_loaded_at') }}
),

legacy as (
    {{ deduplicate_changed(ref('stg_wem__facility_scada_legacy'), key_columns, legacy_columns, '_loaded_at', this_holds_copies=false) }}
),

steps as (
    {{ five_minute_steps(6) }}
)

select
    interval_start,
    network_id,
    network_region,
    facility_code,
    energy_mwh,
    power_mw,
    _source_file,
    _loaded_at
from wemde
where interval_start >= {{ wem_reform_start() }}

union all

select
    {{ dbt.dateadd('minute', 'steps.step * 5', 'legacy.interval_start') }} as interval_start,
    legacy.network_id as network_id,
    legacy.network_region as network_region,
    legacy.facility_code as facility_code,
    legacy.energy_mwh / 6 as energy_mwh,
    legacy.energy_mwh * 2 as power_mw,
    legacy._source_file as _source_file,
    legacy._loaded_at as _loaded_at
from legacy
cross join steps
where legacy.interval_start < {{ wem_reform_start() }}
{{ full_build_time_order() }}
