{#- Source precedence per unit and 5-minute interval (docs/architecture.md, "Source precedence"):
    1. meter_data: Next_Day_Actual_Gen metered energy (METER_DATA.GEN_DUID), the settlement
       figure, wins wherever it exists; its power is the energy's average MW (MWh x 12).
    2. scada: DISPATCH.UNIT_SCADA, energy by the trapezoid rule in fct_unit_intervals.
    One row per unit and interval with the winning source; SCADA power is kept beside metered
    energy so the power series stays the instantaneous sample where one exists. -#}
with

scada as (
    select unit_code, interval_start, power_mw, _loaded_at
    from {{ ref('int_dispatch_unit_scada__deduplicated') }}
),

metered as (
    select unit_code, interval_start, energy_mwh, _loaded_at
    from {{ ref('int_meter_data_gen_duid__deduplicated') }}
    where energy_mwh is not null
),

keys as (
    select unit_code, interval_start from scada
    union
    select unit_code, interval_start from metered
),

final as (
    select
        keys.unit_code as unit_code,
        keys.interval_start as interval_start,
        case when metered.energy_mwh is not null then 'meter_data' else 'scada' end as source,
        coalesce(scada.power_mw, metered.energy_mwh * 12) as power_mw,
        scada.power_mw as scada_power_mw,
        metered.energy_mwh as metered_energy_mwh,
        case
            when metered._loaded_at is null then scada._loaded_at
            when scada._loaded_at is null then metered._loaded_at
            else greatest(scada._loaded_at, metered._loaded_at)
        end as _loaded_at
    from keys
    left join scada
        on keys.unit_code = scada.unit_code
        and keys.interval_start = scada.interval_start
    left join metered
        on keys.unit_code = metered.unit_code
        and keys.interval_start = metered.interval_start
)

select * from final
