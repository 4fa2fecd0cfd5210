{#- v1: SCADA is the only source, so every interval is a 'scada' one: energy is the trapezoid of
    the SCADA samples (macro unit_intervals). Incremental: see the macro. -#}
{{ config(materialized='incremental', unique_key=['unit_code', 'interval_start']) }}

{%- set scada -%}
(
    select
        unit_code,
        interval_start,
        'scada' as source,
        power_mw,
        power_mw as scada_power_mw,
        cast(null as {{ type_double() }}) as metered_energy_mwh,
        _loaded_at
    from {{ ref('int_dispatch_unit_scada__deduplicated') }}
)
{%- endset %}

with

unit_intervals as (
    {{ unit_intervals(scada) }}
)

select * from unit_intervals
