with

fueltechs as (
    select * from {{ ref('fueltechs') }}
),

fueltech_groups as (
    select * from {{ ref('fueltech_groups') }}
),

final as (
    select
        cast(fueltechs.fueltech_id as varchar) as fueltech_id,
        cast(fueltechs.label as varchar) as label,
        cast(fueltechs.is_renewable as boolean) as is_renewable,
        {#- An empty seed field is NULL on DuckDB and PostgreSQL, '' on ClickHouse. #}
        cast(nullif(fueltechs.fueltech_group_id, '') as varchar) as fueltech_group_id,
        cast(fueltech_groups.label as varchar) as fueltech_group_label,
        cast(fueltech_groups.color as varchar) as color,
        cast(fueltechs.is_load as boolean) as is_load
    from fueltechs
    left join fueltech_groups
        on fueltechs.fueltech_group_id = fueltech_groups.fueltech_group_id
)

select * from final
