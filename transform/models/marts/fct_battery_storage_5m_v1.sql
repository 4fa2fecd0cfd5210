{#- Battery state of charge per unit and 5-minute interval: ENERGY_STORAGE of DISPATCH.UNIT_SOLUTION
    (physical run) for the units dim_units calls `battery`. Incremental (delete+insert on
    unit_code, interval_start): rows loaded at or after the newest `_loaded_at` here, so a revised
    copy of an interval replaces the earlier one. -#}
{{ config(materialized='incremental', unique_key=['unit_code', 'interval_start']) }}

with

solution as (
    select * from {{ ref('int_dispatch_unit_solution__deduplicated') }}
    where energy_storage_mwh is not null
    {% if is_incremental() %}
        and _loaded_at >= {{ incremental_watermark() }}
    {% endif %}
),

batteries as (
    select * from {{ ref('dim_units') }}
    where fueltech_id = 'battery'
),

storage as (
    select
        solution.interval_start as interval_start,
        batteries.network_id as network_id,
        batteries.network_region as network_region,
        batteries.facility_code as facility_code,
        batteries.unit_code as unit_code,
        batteries.fueltech_id as fueltech_id,
        batteries.fueltech_group_id as fueltech_group_id,
        solution.energy_storage_mwh as energy_storage_mwh,
        solution._loaded_at as _loaded_at
    from solution
    inner join batteries
        on solution.unit_code = batteries.unit_code
)

{{ select_contract_columns('storage') }}
{{ full_build_time_order() }}
