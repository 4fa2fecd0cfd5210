{#- v2 = v1 plus `source`: energy of an interval comes from the source that wins for it
    (int_unit_energy__prioritised_by_source): metered energy (meter_data) where
    Next_Day_Actual_Gen has it, else the SCADA trapezoid (scada); macro unit_intervals.
    Incremental like v1: an interval is recomputed when a SCADA sample or a metered reading of it
    (the next-day file) is loaded, so the precedence applies after the fact. -#}
{{ config(materialized='incremental', unique_key=['unit_code', 'interval_start']) }}

{%- set new_samples -%}
(
    select unit_code, interval_start, _loaded_at
    from {{ ref('int_dispatch_unit_scada__deduplicated') }}
    union all
    select unit_code, interval_start, _loaded_at
    from {{ ref('int_meter_data_gen_duid__deduplicated') }}
)
{%- endset %}

{{ unit_intervals(ref('int_unit_energy__prioritised_by_source'), new_samples) }}
