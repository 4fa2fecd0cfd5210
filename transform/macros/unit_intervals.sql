{#- The rows of fct_unit_intervals: power, energy, emissions and market value per unit part and
    5-minute interval. `samples` holds one row per NEM unit and interval_start with `source`
    ('scada' or 'meter_data'), `power_mw`, `scada_power_mw`, `metered_energy_mwh` and
    `_loaded_at` (the shape of int_unit_energy__prioritised_by_source); WEM rows come from
    int_wem_facility_scada__joined_to_units. The columns are those of the model's contract
    (v2 has `source`, v1 not).

    - Units: dim_units; SCADA of other DUIDs is left out. A bidirectional unit is split into
      battery_discharging (power >= 0) and battery_charging (power <= 0) parts, a LOAD's power
      is negated (macro power_part).
    - Energy: metered_energy_mwh where source is 'meter_data'; else the trapezoid of this and the
      previous interval's SCADA sample, (power + previous) / 2 / 12, or power / 12 when there is
      no sample for the interval before (first sample rule).
    - Emissions: energy x the unit's factor (missing: 0) where energy > 0, else 0. Market value:
      energy x the region's dispatch price (INTERVENTION = 0), null without a price.
    - Incremental runs recompute new samples, the interval after each (its trapezoid uses the
      new sample) and every unit interval of a region whose price is new; WEM rows loaded since
      the watermark. -#}
{% macro unit_intervals(samples) -%}
with

prices as (
    select
        network_region,
        interval_start,
        price,
        _loaded_at
    from {{ ref('int_dispatch_price__deduplicated') }}
    where intervention = 0
),

units as (
    select * from {{ ref('dim_units') }}
),

fueltechs as (
    select * from {{ ref('dim_fueltechs') }}
),

{% if is_incremental() %}
changed as (
    select unit_code, interval_start
    from {{ samples }}
    where _loaded_at >= {{ incremental_watermark() }}
    union
    select unit_code, {{ dbt.dateadd('minute', 5, 'interval_start') }}
    from {{ samples }}
    where _loaded_at >= {{ incremental_watermark() }}
    union
    select units.unit_code, prices.interval_start
    from prices
    inner join units
        on prices.network_region = units.network_region
    where prices._loaded_at >= {{ incremental_watermark() }}
),
{% endif %}

current_samples as (
    select samples.*
    from {{ samples }} as samples
    {% if is_incremental() %}
    inner join changed
        on samples.unit_code = changed.unit_code
        and samples.interval_start = changed.interval_start
    {% endif %}
),

paired as (
    select
        current_samples.interval_start as interval_start,
        current_samples.unit_code as unit_code,
        current_samples.source as source,
        current_samples.power_mw as power_mw,
        current_samples.metered_energy_mwh as metered_energy_mwh,
        previous.scada_power_mw as previous_power_mw,
        current_samples._loaded_at as sample_loaded_at,
        previous._loaded_at as previous_loaded_at
    from current_samples
    left join {{ samples }} as previous
        on current_samples.unit_code = previous.unit_code
        and previous.interval_start = {{ dbt.dateadd('minute', -5, 'current_samples.interval_start') }}
),

unit_parts as (
    select
        unit_code,
        fueltech_id,
        case when dispatch_type = 'LOAD' then 'load' else 'whole' end as part
    from units
    where dispatch_type <> 'BIDIRECTIONAL'
    union all
    select unit_code, 'battery_discharging' as fueltech_id, 'discharging' as part
    from units
    where dispatch_type = 'BIDIRECTIONAL'
    union all
    select unit_code, 'battery_charging' as fueltech_id, 'charging' as part
    from units
    where dispatch_type = 'BIDIRECTIONAL'
),

parted as (
    select
        paired.interval_start as interval_start,
        units.network_id as network_id,
        units.network_region as network_region,
        units.facility_code as facility_code,
        paired.unit_code as unit_code,
        unit_parts.fueltech_id as fueltech_id,
        paired.source as source,
        units.emissions_factor_co2 as emissions_factor_co2,
        {{ power_part('paired.power_mw', 'unit_parts.part') }} as power_mw,
        {{ power_part('paired.previous_power_mw', 'unit_parts.part') }} as previous_power_mw,
        {{ power_part('paired.metered_energy_mwh', 'unit_parts.part') }} as metered_energy_mwh,
        paired.sample_loaded_at as sample_loaded_at,
        paired.previous_loaded_at as previous_loaded_at
    from paired
    inner join units
        on paired.unit_code = units.unit_code
    inner join unit_parts
        on paired.unit_code = unit_parts.unit_code
),

energy as (
    select
        parted.*,
        case
            when source = 'meter_data' then metered_energy_mwh
            when previous_power_mw is null then power_mw / 12
            else (power_mw + previous_power_mw) / 2 / 12
        end as energy_mwh
    from parted
),

nem as (
    select
        energy.interval_start as interval_start,
        energy.network_id as network_id,
        energy.network_region as network_region,
        energy.facility_code as facility_code,
        energy.unit_code as unit_code,
        energy.fueltech_id as fueltech_id,
        fueltechs.fueltech_group_id as fueltech_group_id,
        coalesce(fueltechs.is_renewable, false) as is_renewable,
        energy.power_mw as power_mw,
        energy.energy_mwh as energy_mwh,
        {{ emissions('energy.energy_mwh', 'energy.emissions_factor_co2') }} as emissions_t,
        energy.energy_mwh * prices.price as market_value,
        energy.source as source,
        greatest(
            energy.sample_loaded_at,
            coalesce(energy.previous_loaded_at, energy.sample_loaded_at),
            coalesce(prices._loaded_at, energy.sample_loaded_at)
        ) as _loaded_at
    from energy
    left join fueltechs
        on energy.fueltech_id = fueltechs.fueltech_id
    left join prices
        on energy.network_region = prices.network_region
        and energy.interval_start = prices.interval_start
),

{#- WEM units: WEMDE facility SCADA is their only source ('scada'), energy as published. -#}
wem as (
    select
        interval_start,
        network_id,
        network_region,
        facility_code,
        unit_code,
        fueltech_id,
        fueltech_group_id,
        is_renewable,
        power_mw,
        energy_mwh,
        emissions_t,
        market_value,
        'scada' as source,
        _loaded_at
    from {{ ref('int_wem_facility_scada__joined_to_units') }}
    {% if is_incremental() %}
    where _loaded_at >= {{ incremental_watermark() }}
    {% endif %}
),

combined as (
    select * from nem
    union all
    select * from wem
)

{{ select_contract_columns('combined') }}
{%- endmacro %}
