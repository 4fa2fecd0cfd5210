{#- Per unit part and network-local day, from fct_unit_intervals (and the battery state of charge
    of fct_battery_storage_5m). Never keeps a partial day: every day touched by rows of either
    loaded at or after the newest `_loaded_at` here is deleted and rebuilt whole (macro
    period_rollup). -#}
{{ config(materialized='incremental', unique_key='interval_day') }}

{%- set storage_5m = ref('fct_battery_storage_5m') %}

with

{{ period_rollup(
    ref('fct_unit_intervals'),
    'day',
    'interval_start',
    dimensions=[
        'network_id', 'network_region', 'facility_code', 'unit_code', 'fueltech_id',
        'fueltech_group_id', 'is_renewable',
    ],
    measures={
        'energy_mwh': 'sum(finer.energy_mwh)',
        'emissions_t': 'sum(finer.emissions_t)',
        'market_value': 'sum(finer.market_value)',
        'max_power_mw': peak_power('finer.power_mw'),
        'first_interval_start': 'min(finer.interval_start)',
        'last_interval_start': 'max(finer.interval_start)',
        'interval_count': 'count(*)',
    },
    changes_from=[storage_5m],
) }},

{#- The day's mean state of charge of each battery, over the intervals UNIT_SOLUTION reported. -#}
storage as (
    select
        storage_5m.unit_code as unit_code,
        {{ period_start('day', 'storage_5m.interval_start') }} as interval_day,
        avg(storage_5m.energy_storage_mwh) as energy_storage_mwh,
        max(storage_5m._loaded_at) as _loaded_at
    from {{ storage_5m }} as storage_5m
    {% if is_incremental() %}
    inner join changed
        on {{ period_start('day', 'storage_5m.interval_start') }} = changed.interval_day
    {% endif %}
    group by
        storage_5m.unit_code,
        {{ period_start('day', 'storage_5m.interval_start') }}
),

{#- Storage belongs to the battery, not to a part of it: it is carried on the generating part
    (battery_discharging) only, so a sum over rows counts each battery once. -#}
daily as (
    select
        rolled_up.interval_day as interval_day,
        rolled_up.network_id as network_id,
        rolled_up.network_region as network_region,
        rolled_up.facility_code as facility_code,
        rolled_up.unit_code as unit_code,
        rolled_up.fueltech_id as fueltech_id,
        rolled_up.fueltech_group_id as fueltech_group_id,
        rolled_up.is_renewable as is_renewable,
        rolled_up.energy_mwh as energy_mwh,
        rolled_up.emissions_t as emissions_t,
        rolled_up.market_value as market_value,
        rolled_up.max_power_mw as max_power_mw,
        rolled_up.first_interval_start as first_interval_start,
        rolled_up.last_interval_start as last_interval_start,
        rolled_up.interval_count as interval_count,
        storage.energy_storage_mwh as energy_storage_mwh,
        greatest(rolled_up._loaded_at, coalesce(storage._loaded_at, rolled_up._loaded_at)) as _loaded_at
    from rolled_up
    left join storage
        on rolled_up.unit_code = storage.unit_code
        and rolled_up.interval_day = storage.interval_day
        and rolled_up.fueltech_id = 'battery_discharging'
)

{{ select_contract_columns('daily') }}
