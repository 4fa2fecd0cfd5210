{#- The renewable split of each region's 5-minute generation (macro renewable_splits), from the
    fueltech mart. Incremental (delete+insert by interval_start): every interval with fueltech
    rows loaded at or after the newest `_loaded_at` here is recomputed whole. -#}
{{ config(materialized='incremental', unique_key='interval_start') }}

with

fueltech_intervals as (
    select * from {{ ref('fct_fueltech_intervals_5m') }}
),

fueltechs as (
    select * from {{ ref('dim_fueltechs') }}
),

{#- Read from the relation, not the CTE fueltech_intervals: DuckDB materialises a CTE read
    twice, which would copy the whole 5-minute mart on every incremental run. #}
{% if is_incremental() %}
changed as (
    select distinct interval_start
    from {{ ref('fct_fueltech_intervals_5m') }}
    where _loaded_at >= {{ incremental_watermark() }}
),
{% endif %}

categorised as (
    select
        fueltech_intervals.interval_start as interval_start,
        fueltech_intervals.network_id as network_id,
        fueltech_intervals.network_region as network_region,
        fueltech_intervals.power_mw as power_mw,
        fueltech_intervals.energy_mwh as energy_mwh,
        fueltech_intervals.emissions_t as emissions_t,
        fueltech_intervals._loaded_at as _loaded_at,
        {{ renewable_category('fueltech_intervals.fueltech_id', 'fueltechs.is_renewable', 'fueltechs.is_load') }} as category
    from fueltech_intervals
    left join fueltechs
        on fueltech_intervals.fueltech_id = fueltechs.fueltech_id
    {% if is_incremental() %}
    inner join changed
        on fueltech_intervals.interval_start = changed.interval_start
    {% endif %}
),

split as (
    select
        interval_start,
        network_id,
        network_region,
        {%- for split, categories in renewable_splits().items() %}
        {%- set members = "category in ('" ~ categories | join("', '") ~ "')" %}
        sum(case when {{ members }} then power_mw else 0 end) as {{ split }}_mw,
        sum(case when {{ members }} then energy_mwh else 0 end) as {{ split }}_energy_mwh,
        {%- if split != 'loads' %}
        sum(case when {{ members }} then emissions_t else 0 end) as {{ split }}_emissions_t,
        {%- endif %}
        {%- endfor %}
        max(_loaded_at) as _loaded_at
    from categorised
    group by
        interval_start,
        network_id,
        network_region
),

proportions as (
    select
        *,
        {{ renewable_proportions() }}
    from split
)

{{ select_contract_columns('proportions') }}
{{ full_build_time_order() }}
