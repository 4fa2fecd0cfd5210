{#- The rows of fct_unit_intervals: power, energy, emissions and market value per unit part and
    5-minute interval. `samples` (a relation, or a query in parentheses: never a CTE, which
    DuckDB would materialise whole on every run as the macro reads it three times) holds one
    row per NEM unit and interval_start with `source`
    ('scada' or 'meter_data'), `power_mw`, `scada_power_mw`, `metered_energy_mwh` and
    `_loaded_at` (the shape of int_unit_energy__prioritised_by_source); WEM rows come from
    int_wem_facility_scada__joined_to_units, unless `other_rows` is given: a query in
    parentheses of finished rows (the columns of the `nem` CTE below, in its order) that takes
    their place (v2 passes v1's rows of the intervals without metered energy). The columns are
    those of the model's contract (v2 has `source`, v1 not).

    - Units: dim_units; SCADA of other DUIDs is left out. A bidirectional unit is split into a
      generating part (power >= 0) and a consuming part (power <= 0): battery_discharging and
      battery_charging for a battery, the unit's fueltech and pumps otherwise (pumped hydro); a
      LOAD's power is negated (macro power_part).
    - Energy: metered_energy_mwh where source is 'meter_data'; else the trapezoid of this and the
      previous interval's SCADA sample, (power + previous) / 2 / 12, or power / 12 when there is
      no sample for the interval before (first sample rule).
    - Emissions: energy x the unit's factor where energy > 0, else 0; the factor is the CO2EII
      publication in force at the interval (int_emission_factors__aggregated_to_units), else the
      rest of dim_units' chain (legacy registry, fueltech default).
    - Market value: energy x the settlement price: before five-minute settlement (intervals
      starting before 2021-10-01 00:00 AEST) the region's 30-minute trading price of the half
      hour holding the interval (int_trading_price__spread_5m), where loaded; otherwise (and from
      2021-10-01) the dispatch price (INTERVENTION = 0); null without a price.
    - Incremental runs recompute new samples, the interval after each (its trapezoid uses the
      new sample) and every unit interval of a region whose dispatch or trading price is new;
      WEM rows loaded since the watermark. `new_samples` (default: `samples`) is where the new
      samples are found: unit_code, interval_start and _loaded_at of every input row behind a
      sample, read from tables (v2's samples are a view joining SCADA and metered energy, whose
      combined _loaded_at no engine can look up without computing the whole join). A new CO2EII
      publication changes emissions for intervals built after it (restate history with
      --full-refresh). -#}
{% macro unit_intervals(samples, new_samples=none, other_rows=none) -%}
{#- The dispatch prices (INTERVENTION = 0), read twice: a query, not a CTE (see `samples`). -#}
{%- set prices -%}
(
    select
        network_region,
        interval_start,
        price,
        _loaded_at
    from {{ ref('int_dispatch_price__deduplicated') }}
    where intervention = 0
)
{%- endset %}

with

trading_prices as (
    select * from {{ ref('int_trading_price__spread_5m') }}
),

factors as (
    select * from {{ ref('int_emission_factors__aggregated_to_units') }}
),

units as (
    select * from {{ ref('dim_units') }}
),

fueltechs as (
    select * from {{ ref('dim_fueltechs') }}
),

{% if is_incremental() %}
changed as (
    select new_samples.unit_code, new_samples.interval_start
    from {{ new_samples or samples }} as new_samples
    where new_samples._loaded_at >= {{ incremental_watermark() }}
    union
    select next_samples.unit_code, {{ dbt.dateadd('minute', 5, 'next_samples.interval_start') }}
    from {{ new_samples or samples }} as next_samples
    where next_samples._loaded_at >= {{ incremental_watermark() }}
    union
    select units.unit_code, prices.interval_start
    from {{ prices }} as prices
    inner join units
        on prices.network_region = units.network_region
    where prices._loaded_at >= {{ incremental_watermark() }}
    union
    select units.unit_code, trading_prices.interval_start
    from trading_prices
    inner join units
        on trading_prices.network_region = units.network_region
    where trading_prices._loaded_at >= {{ incremental_watermark() }}
),
{% endif %}

{#- The samples read: on an incremental run, those from the interval before the first changed
    one to the last changed one, a constant range each engine checks in its scan (so the joins
    below never probe the whole history). -#}
window_samples as (
    select all_samples.*
    from {{ samples }} as all_samples
    {% if is_incremental() %}
    where
        all_samples.interval_start >= {{ dbt.dateadd('minute', -5, '(select min(first_changed.interval_start) from changed as first_changed)') }}
        and all_samples.interval_start <= (select max(last_changed.interval_start) from changed as last_changed)
    {% endif %}
),

{#- Each sample with the one 5 minutes before it (by lag: a self-join builds a hash table of
    every sample, which a year's full build spills to disk). -#}
{%- set by_unit = 'over (partition by window_samples.unit_code order by window_samples.interval_start)' %}
{%- set follows_previous = 'lag(window_samples.interval_start) ' ~ by_unit ~ ' = ' ~ dbt.dateadd('minute', -5, 'window_samples.interval_start') %}
lagged_samples as (
    select
        window_samples.interval_start as interval_start,
        window_samples.unit_code as unit_code,
        window_samples.source as source,
        window_samples.power_mw as power_mw,
        window_samples.metered_energy_mwh as metered_energy_mwh,
        case when {{ follows_previous }} then lag(window_samples.scada_power_mw) {{ by_unit }} end as previous_power_mw,
        window_samples._loaded_at as sample_loaded_at,
        case when {{ follows_previous }} then lag(window_samples._loaded_at) {{ by_unit }} end as previous_loaded_at
    from window_samples
),

{#- (Ordered by time here, on the narrow rows, rather than at the end: the joins below keep the
    order, and the lag leaves the rows in unit order.) -#}
paired as (
    select lagged_samples.*
    from lagged_samples
    {% if is_incremental() %}
    inner join changed
        on lagged_samples.unit_code = changed.unit_code
        and lagged_samples.interval_start = changed.interval_start
    {% endif %}
    {{ full_build_time_order('lagged_samples.interval_start') }}
),

unit_parts as (
    select
        unit_code,
        fueltech_id,
        case when dispatch_type = 'LOAD' then 'load' else 'whole' end as part
    from units
    where dispatch_type <> 'BIDIRECTIONAL'
    union all
    select
        unit_code,
        case when fueltech_id = 'battery' then 'battery_discharging' else fueltech_id end as fueltech_id,
        'discharging' as part
    from units
    where dispatch_type = 'BIDIRECTIONAL'
    union all
    select
        unit_code,
        case when fueltech_id = 'battery' then 'battery_charging' else 'pumps' end as fueltech_id,
        'charging' as part
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
        coalesce(factors.emissions_factor_co2, units.emissions_factor_co2) as emissions_factor_co2,
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
    left join factors
        on paired.unit_code = factors.unit_code
        and (factors.effective_from is null or paired.interval_start >= factors.effective_from)
        and (factors.effective_to is null or paired.interval_start < factors.effective_to)
),

energy as (
    select
        parted.*,
        case
            when source = 'meter_data' then metered_energy_mwh
            else {{ interval_energy('power_mw', 'previous_power_mw') }}
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
        energy.energy_mwh * coalesce(trading_prices.price, prices.price) as market_value,
        energy.source as source,
        greatest(
            energy.sample_loaded_at,
            coalesce(energy.previous_loaded_at, energy.sample_loaded_at),
            coalesce(prices._loaded_at, energy.sample_loaded_at),
            coalesce(trading_prices._loaded_at, energy.sample_loaded_at)
        ) as _loaded_at
    from energy
    left join fueltechs
        on energy.fueltech_id = fueltechs.fueltech_id
    left join {{ prices }} as prices
        on energy.network_region = prices.network_region
        and energy.interval_start = prices.interval_start
    left join trading_prices
        on energy.network_region = trading_prices.network_region
        and energy.interval_start = trading_prices.interval_start
),

{%- if other_rows is none %}
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
{%- endif %}

combined as (
    select * from nem
    union all
    select * from {{ 'wem' if other_rows is none else other_rows }} as other_rows
)

{{ select_contract_columns('combined') }}
{%- endmacro %}
