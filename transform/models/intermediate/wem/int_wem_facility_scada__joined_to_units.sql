{#- WEM unit intervals in the shape of fct_unit_intervals. WEMDE `quantity` is already the energy
    of the 5-minute interval (MWh), so energy is taken as published (no trapezoid) and power is
    its mean MW, quantity x 12 (both from stg_wem__facility_scada). Priced at the reference
    trading price of the 30-minute trading interval containing the interval; emissions from the
    wem_units factors where energy > 0. A BIDIRECTIONAL unit whose fueltech is battery is split,
    as in the NEM, into battery_discharging (power >= 0) and battery_charging (power <= 0) parts
    (macro power_part), each priced and counted as above; any other unit (a bidirectional one of
    another fueltech, such as pumped hydro, too) is one row under its own fueltech. SCADA for
    codes not in dim_units is left out. -#}
with

samples as (
    select * from {{ ref('int_wem_facility_scada__deduplicated') }}
),

prices as (
    select * from {{ ref('int_wem_reference_trading_price__spread_5m') }}
),

units as (
    select
        *,
        coalesce(dispatch_type = 'BIDIRECTIONAL' and fueltech_id = 'battery', false) as is_battery
    from {{ ref('dim_units') }}
    where network_id = 'WEM'
),

fueltechs as (
    select * from {{ ref('dim_fueltechs') }}
),

unit_parts as (
    select unit_code, fueltech_id, 'whole' as part
    from units
    where not is_battery
    union all
    select unit_code, 'battery_discharging' as fueltech_id, 'discharging' as part
    from units
    where is_battery
    union all
    select unit_code, 'battery_charging' as fueltech_id, 'charging' as part
    from units
    where is_battery
),

parted as (
    select
        samples.interval_start as interval_start,
        units.network_id as network_id,
        units.network_region as network_region,
        units.facility_code as facility_code,
        units.unit_code as unit_code,
        unit_parts.fueltech_id as fueltech_id,
        units.emissions_factor_co2 as emissions_factor_co2,
        {{ power_part('samples.power_mw', 'unit_parts.part') }} as power_mw,
        {{ power_part('samples.energy_mwh', 'unit_parts.part') }} as energy_mwh,
        samples._loaded_at as _loaded_at
    from samples
    inner join units
        on samples.facility_code = units.unit_code
    inner join unit_parts
        on units.unit_code = unit_parts.unit_code
)

select
    parted.interval_start as interval_start,
    parted.network_id as network_id,
    parted.network_region as network_region,
    parted.facility_code as facility_code,
    parted.unit_code as unit_code,
    parted.fueltech_id as fueltech_id,
    fueltechs.fueltech_group_id as fueltech_group_id,
    coalesce(fueltechs.is_renewable, false) as is_renewable,
    parted.power_mw as power_mw,
    parted.energy_mwh as energy_mwh,
    {{ emissions('parted.energy_mwh', 'parted.emissions_factor_co2') }} as emissions_t,
    parted.energy_mwh * prices.price as market_value,
    greatest(parted._loaded_at, coalesce(prices._loaded_at, parted._loaded_at)) as _loaded_at
from parted
left join fueltechs
    on parted.fueltech_id = fueltechs.fueltech_id
left join prices
    on parted.interval_start = prices.interval_start
