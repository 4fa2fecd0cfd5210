{#- The CO2EII factor of each DUID per publication, and when it is in force.

    - A publication's time is the timestamp its file is named with
      (CO2EII_AVAILABLE_GENERATORS_2017_43_20171103104827.CSV: 2017-11-03 10:48:27); a file named
      without one (the current CO2EII_AVAILABLE_GENERATORS.CSV) counts from its first load.
    - A DUID with several gensets gets their factors weighted by each genset's GENUNITS registered
      capacity; where a genset has no capacity loaded, the plain mean (`weighting` says which).
    - A DUID's factor is in force from its publication until the DUID's next publication; its
      first publication also covers everything before (effective_from null), and its last one
      stays in force (effective_to null). Two loads of one publication: the later load wins. -#}
with

factors as (
    select * from {{ ref('stg_aemo__co2eii_publishing') }}
),

gensets as (
    {{ deduplicate_latest(ref('stg_aemo__genunits'), ['genset_id'], 'last_changed') }}
),

named as (
    select
        _source_file,
        _file_sha256,
        substr(_source_file, length(_source_file) - 17, 14) as name_stamp,
        min(_loaded_at) as first_loaded_at,
        max(_loaded_at) as last_loaded_at
    from factors
    group by _source_file, _file_sha256
),

publications as (
    select
        _source_file,
        _file_sha256,
        last_loaded_at,
        case
            when length(_source_file) >= 18
                and {{ regexp_replace_all('name_stamp', "'[0-9]'", "''") }} = ''
                then {{ compact_timestamp('name_stamp') }}
            else first_loaded_at
        end as published_at
    from named
),

genset_factors as (
    select
        factors.unit_code as unit_code,
        publications.published_at as published_at,
        factors.emissions_factor_co2 as emissions_factor_co2,
        gensets.capacity_registered_mw as capacity_registered_mw,
        factors._source_file as _source_file,
        dense_rank() over (
            partition by factors.unit_code, publications.published_at
            order by publications.last_loaded_at desc, factors._source_file desc, factors._file_sha256 desc
        ) as load_rank
    from factors
    inner join publications
        on factors._source_file = publications._source_file
        and factors._file_sha256 = publications._file_sha256
    left join gensets
        on factors.genset_id = gensets.genset_id
),

per_publication as (
    select
        unit_code,
        published_at,
        case
            when count(capacity_registered_mw) = count(*) and sum(capacity_registered_mw) > 0
                then 'capacity'
            else 'mean'
        end as weighting,
        sum(emissions_factor_co2 * capacity_registered_mw)
        / nullif(sum(capacity_registered_mw), 0) as capacity_weighted_factor,
        avg(emissions_factor_co2) as mean_factor,
        count(*) as genset_count,
        max(_source_file) as source_file
    from genset_factors
    where load_rank = 1
    group by unit_code, published_at
),

in_force as (
    select
        unit_code,
        published_at,
        case
            when row_number() over (partition by unit_code order by published_at) > 1
                then published_at
        end as effective_from,
        lead(published_at) over (partition by unit_code order by published_at) as effective_to,
        case
            when weighting = 'capacity' then capacity_weighted_factor
            else mean_factor
        end as emissions_factor_co2,
        weighting,
        genset_count,
        source_file
    from per_publication
)

select * from in_force
