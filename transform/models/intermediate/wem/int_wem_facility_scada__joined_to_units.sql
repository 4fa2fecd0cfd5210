{#- WEM unit intervals in the shape of fct_unit_intervals. WEMDE `quantity` is already the energy
    of the 5-minute interval (MWh), so energy is taken as published (no trapezoid) and power is
    its mean MW, quantity x 12 (both from stg_wem__facility_scada). Priced at the reference
    trading price of the 30-minute trading interval containing the interval; emissions from the
    wem_units factors where energy > 0. Every WEM unit of the registry is a GENERATOR. SCADA for
    codes not in dim_units is left out. -#}
with

samples as (
    select * from {{ ref('int_wem_facility_scada__deduplicated') }}
),

prices as (
    select * from {{ ref('int_wem_reference_trading_price__spread_5m') }}
),

units as (
    select * from {{ ref('dim_units') }}
    where network_id = 'WEM'
),

fueltechs as (
    select * from {{ ref('dim_fueltechs') }}
)

select
    samples.interval_start as interval_start,
    units.network_id as network_id,
    units.network_region as network_region,
    units.facility_code as facility_code,
    units.unit_code as unit_code,
    units.fueltech_id as fueltech_id,
    fueltechs.fueltech_group_id as fueltech_group_id,
    coalesce(fueltechs.is_renewable, false) as is_renewable,
    samples.power_mw as power_mw,
    samples.energy_mwh as energy_mwh,
    {{ emissions('samples.energy_mwh', 'units.emissions_factor_co2') }} as emissions_t,
    samples.energy_mwh * prices.price as market_value,
    greatest(samples._loaded_at, coalesce(prices._loaded_at, samples._loaded_at)) as _loaded_at
from samples
inner join units
    on samples.facility_code = units.unit_code
left join fueltechs
    on units.fueltech_id = fueltechs.fueltech_id
left join prices
    on samples.interval_start = prices.interval_start
