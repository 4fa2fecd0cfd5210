with

factors as (
    select * from {{ ref('stg_aemo__co2eii_publishing') }}
),

loads as (
    select
        _source_file,
        _file_sha256,
        max(_loaded_at) as file_loaded_at
    from factors
    group by _source_file, _file_sha256
),

ranked as (
    select
        factors.unit_code,
        factors.emissions_factor_co2,
        factors._source_file,
        dense_rank() over (
            partition by factors.unit_code
            order by loads.file_loaded_at desc, factors._source_file desc, factors._file_sha256 desc
        ) as load_rank
    from factors
    inner join loads
        on factors._source_file = loads._source_file
        and factors._file_sha256 = loads._file_sha256
),

by_unit as (
    select
        unit_code,
        avg(emissions_factor_co2) as emissions_factor_co2,
        count(*) as genset_count,
        max(_source_file) as source_file
    from ranked
    where load_rank = 1
    group by unit_code
)

select * from by_unit
