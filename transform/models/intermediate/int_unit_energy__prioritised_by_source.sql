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

{#- Two branches whose `source` is a constant, so a query for one source (fct_unit_intervals v2
    reads `source = 'meter_data'`) skips the other branch instead of deciding every key. -#}
metered_intervals as (
    select
        metered.unit_code as unit_code,
        metered.interval_start as interval_start,
        'meter_data' as source,
        coalesce(scada.power_mw, metered.energy_mwh * 12) as power_mw,
        scada.power_mw as scada_power_mw,
        metered.energy_mwh as metered_energy_mwh,
        case
            when scada._loaded_at is null then metered._loaded_at
            else greatest(scada._loaded_at, metered._loaded_at)
        end as _loaded_at
    from metered
    left join scada
        on metered.unit_code = scada.unit_code
        and metered.interval_start = scada.interval_start
),

scada_intervals as (
    select
        scada.unit_code as unit_code,
        scada.interval_start as interval_start,
        'scada' as source,
        scada.power_mw as power_mw,
        scada.power_mw as scada_power_mw,
        cast(null as {{ type_double() }}) as metered_energy_mwh,
        scada._loaded_at as _loaded_at
    from scada
    left join metered
        on scada.unit_code = metered.unit_code
        and scada.interval_start = metered.interval_start
    where metered.unit_code is null
),

final as (
    select * from metered_intervals
    union all
    select * from scada_intervals
)

select * from final
