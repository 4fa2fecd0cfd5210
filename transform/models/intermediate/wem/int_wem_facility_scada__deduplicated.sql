{#- One WEMDE facility SCADA row per facility and 5-minute interval: the same day is published
    as current/ JSON and again in the previous/ zip; the latest load wins, then the greatest file. -#}
select
    interval_start,
    network_id,
    network_region,
    facility_code,
    energy_mwh,
    power_mw,
    _source_file,
    _loaded_at
from (
    {{ deduplicate_latest(ref('stg_wem__facility_scada'), ['facility_code', 'interval_start'], '_loaded_at') }}
) as latest
