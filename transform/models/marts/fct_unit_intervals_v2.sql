{#- v2 = v1 plus `source`: energy of an interval comes from the source that wins for it
    (int_unit_energy__prioritised_by_source): metered energy (meter_data) where
    Next_Day_Actual_Gen has it, else the SCADA trapezoid (scada). Built from v1, whose rows are
    v2's wherever no metered energy exists (the trapezoid is not computed twice): v1's rows of
    those intervals with source 'scada', plus the metered intervals computed by the macro
    unit_intervals. Incremental like v1: an interval is recomputed when v1 recomputed it or a
    SCADA sample or metered reading of it is loaded, so the precedence applies after the fact. -#}
{{ config(materialized='incremental', unique_key=['unit_code', 'interval_start']) }}

{%- set metered_samples -%}
(
    select *
    from {{ ref('int_unit_energy__prioritised_by_source') }}
    where source = 'meter_data'
)
{%- endset %}

{%- set new_samples -%}
(
    select unit_code, interval_start, _loaded_at
    from {{ ref('int_dispatch_unit_scada__deduplicated') }}
    union all
    select unit_code, interval_start, _loaded_at
    from {{ ref('int_meter_data_gen_duid__deduplicated') }}
)
{%- endset %}

{%- set scada_intervals -%}
(
    select
        v1.interval_start,
        v1.network_id,
        v1.network_region,
        v1.facility_code,
        v1.unit_code,
        v1.fueltech_id,
        v1.fueltech_group_id,
        v1.is_renewable,
        v1.power_mw,
        v1.energy_mwh,
        v1.emissions_t,
        v1.market_value,
        'scada' as source,
        v1._loaded_at
    from {{ ref('fct_unit_intervals', v=1) }} as v1
    left join (
        select unit_code, interval_start
        from {{ ref('int_meter_data_gen_duid__deduplicated') }}
        where energy_mwh is not null
    ) as metered
        on v1.unit_code = metered.unit_code
        and v1.interval_start = metered.interval_start
    where
        metered.unit_code is null
        {%- if is_incremental() %}
        and v1._loaded_at >= {{ incremental_watermark() }}
        {%- endif %}
)
{%- endset %}

{{ unit_intervals(metered_samples, new_samples, scada_intervals) }}
