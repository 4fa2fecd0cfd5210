{{ config(materialized='incremental', unique_key='interval_start') }}

with

directed as (
    select * from {{ ref('int_interconnector_flows__solved') }}
    {% if is_incremental() %}
    where _loaded_at >= {{ incremental_watermark() }}
    {% endif %}
),

{#- Both directions of an interconnector and interval back in one row: the forward part counts
    positive, the reverse part negative (METEREDMWFLOW's sign); emissions and market value add. -#}
combined as (
    select
        interval_start,
        network_id,
        interconnector_id,
        region_from,
        region_to,
        {{ strict_sum("case when direction = 'forward' then power_mw else -power_mw end") }} as power_mw,
        {{ strict_sum("case when direction = 'forward' then energy_mwh else -energy_mwh end") }} as energy_mwh,
        {{ strict_sum('market_value') }} as market_value,
        {{ strict_sum('emissions_simple_t') }} as emissions_simple_t,
        {{ strict_sum('emissions_t') }} as emissions_t,
        max(_loaded_at) as _loaded_at
    from directed
    group by
        interval_start,
        network_id,
        interconnector_id,
        region_from,
        region_to
)

{{ select_contract_columns('combined') }}
{{ full_build_time_order() }}
