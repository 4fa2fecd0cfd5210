{#- Telemetry that cannot be true: a unit repeating the same non-zero SCADA value for hours
    (a stuck meter), and solar units reporting output at night (network time, AEST). -#}
{%- set frozen_intervals = 36 -%}  {#- three hours of 5-minute readings -#}
{%- set night_threshold_mw = 1 -%}
with

readings as (
    select
        scada.unit_code,
        scada.interval_start,
        scada.power_mw,
        row_number() over (partition by scada.unit_code order by scada.interval_start)
        - row_number() over (
            partition by scada.unit_code, scada.power_mw order by scada.interval_start
        ) as run_id
    from {{ ref('int_dispatch_unit_scada__deduplicated') }} as scada
),

repeated as (
    select
        'frozen_value' as check_name,
        unit_code,
        min(interval_start) as first_interval_start,
        max(interval_start) as last_interval_start,
        count(*) as interval_count,
        max(power_mw) as power_mw
    from readings
    where power_mw <> 0
    group by unit_code, power_mw, run_id
    having count(*) >= {{ frozen_intervals }}
),

solar_at_night as (
    select
        'solar_at_night' as check_name,
        scada.unit_code,
        min(scada.interval_start) as first_interval_start,
        max(scada.interval_start) as last_interval_start,
        count(*) as interval_count,
        max(scada.power_mw) as power_mw
    from {{ ref('int_dispatch_unit_scada__deduplicated') }} as scada
    inner join {{ ref('dim_units') }} as units
        on scada.unit_code = units.unit_code
    where units.fueltech_id = 'solar_utility'
        and scada.power_mw > {{ night_threshold_mw }}
        and (extract(hour from scada.interval_start) >= 22 or extract(hour from scada.interval_start) < 4)
    group by scada.unit_code, cast(scada.interval_start as date)
)

select * from repeated
union all
select * from solar_at_night
