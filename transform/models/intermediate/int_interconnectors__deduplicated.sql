{#- The interconnector topology: the latest MMS INTERCONNECTOR row per id, else the
    known_interconnectors seed for an id no loaded file holds. -#}
with

latest as (
    {{ deduplicate_latest(ref('stg_aemo__interconnector'), ['interconnector_id'], 'last_changed') }}
),

published as (
    select
        interconnector_id,
        region_from,
        region_to,
        description,
        'mms' as topology_source,
        _loaded_at
    from latest
),

fallback as (
    select
        known.interconnector_id as interconnector_id,
        known.region_from as region_from,
        known.region_to as region_to,
        known.description as description,
        'seed' as topology_source,
        cast(null as timestamp) as _loaded_at
    from {{ ref('known_interconnectors') }} as known
    left join published
        on known.interconnector_id = published.interconnector_id
    where published.interconnector_id is null
),

combined as (
    select * from published
    union all
    select * from fallback
)

select * from combined
