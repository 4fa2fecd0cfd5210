with

factors as (
    select * from {{ ref('stg_aemo__co2eii_publishing') }}
),

ranked as (
    select
        *,
        dense_rank() over (
            partition by unit_code
            order by _source_file desc, _loaded_at desc
        ) as file_rank
    from factors
),

by_unit as (
    select
        unit_code,
        avg(emissions_factor_co2) as emissions_factor_co2,
        count(*) as genset_count,
        max(_source_file) as source_file
    from ranked
    where file_rank = 1
    group by unit_code
)

select * from by_unit
