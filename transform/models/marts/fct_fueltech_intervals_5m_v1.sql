{{ config(materialized='incremental', unique_key='interval_start') }}

with

units as (
    select * from {{ ref('fct_unit_intervals') }}
),

{#- Rooftop PV of both grids on the 5-minute grid: AEMO's estimate for the NEM, APVI for the WEM. -#}
rooftop as (
    select interval_start, network_id, network_region, power_mw, _loaded_at
    from {{ ref('int_rooftop_actual__spread_5m') }}
    union all
    select interval_start, network_id, network_region, power_mw, _loaded_at
    from {{ ref('int_wem_rooftop__spread_5m') }}
),

rooftop_fueltech as (
    select * from {{ ref('dim_fueltechs') }}
    where fueltech_id = 'solar_rooftop'
),

{% if is_incremental() %}
{#- Read from the relation, not the CTE units: DuckDB materialises a CTE read twice, which
    would copy the whole unit mart on every incremental run. #}
changed as (
    select interval_start from {{ ref('fct_unit_intervals') }} where _loaded_at >= {{ incremental_watermark() }}
    union
    select interval_start from rooftop where _loaded_at >= {{ incremental_watermark() }}
),
{% endif %}

unit_totals as (
    select
        units.interval_start,
        units.network_id,
        units.network_region,
        units.fueltech_id,
        units.fueltech_group_id,
        units.is_renewable,
        sum(units.power_mw) as power_mw,
        sum(units.energy_mwh) as energy_mwh,
        sum(units.emissions_t) as emissions_t,
        sum(units.market_value) as market_value,
        max(units._loaded_at) as _loaded_at
    from units
    {% if is_incremental() %}
    inner join changed
        on units.interval_start = changed.interval_start
    {% endif %}
    group by
        units.interval_start,
        units.network_id,
        units.network_region,
        units.fueltech_id,
        units.fueltech_group_id,
        units.is_renewable
),

{#- Rooftop PV is behind the meter: no emissions, and no market value (it is not dispatched). -#}
rooftop_totals as (
    select
        rooftop.interval_start,
        rooftop.network_id,
        rooftop.network_region,
        rooftop_fueltech.fueltech_id,
        rooftop_fueltech.fueltech_group_id,
        rooftop_fueltech.is_renewable,
        rooftop.power_mw,
        rooftop.power_mw / 12 as energy_mwh,
        0 as emissions_t,
        cast(null as {{ type_double() }}) as market_value,
        rooftop._loaded_at
    from rooftop
    cross join rooftop_fueltech
    {% if is_incremental() %}
    inner join changed
        on rooftop.interval_start = changed.interval_start
    {% endif %}
),

combined as (
    select * from unit_totals
    union all
    select * from rooftop_totals
)

{{ select_contract_columns('combined') }}
{{ full_build_time_order() }}
