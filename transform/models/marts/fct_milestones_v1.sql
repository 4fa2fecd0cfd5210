{#- Record instances (see the yml for the rules). Incremental, per record: a record whose
    candidates changed is recomputed from its earliest changed period on, starting from the
    record standing before it (its last stored instance), and written back whole
    (delete+insert by record_id): the instances before the change are re-emitted unchanged, so a
    revision can remove or move instances after it, and a new day costs about a day's
    candidates plus the (few) stored instances of the records it touches. -#}
{{ config(materialized='incremental', unique_key='record_id') }}

with

{#- Incremental: the series with a complete candidate loaded since the watermark, each from its
    earliest such candidate; only their candidates from there on are read (both from the
    relation: DuckDB would materialise a CTE read twice, a copy of every candidate). -#}
{% if is_incremental() %}
changed_series as (
    select
        series_id,
        min(interval_start) as changed_from,
        max(_loaded_at) as _loaded_at
    from {{ ref('int_record_candidates__unioned') }}
    where is_complete
        and _loaded_at >= {{ incremental_watermark() }}
    group by series_id
),
{% endif %}

candidates as (
    select all_candidates.*
    from {{ ref('int_record_candidates__unioned') }} as all_candidates
    {% if is_incremental() %}
    inner join changed_series
        on all_candidates.series_id = changed_series.series_id
        and all_candidates.interval_start >= changed_series.changed_from
    {% endif %}
    where all_candidates.is_complete
),

aggregates as (
    select 'high' as aggregate, 1 as direction
    union all
    select 'low' as aggregate, -1 as direction
),

{#- Each series as a high and a low record; ranked_value is larger for a better record. -#}
series as (
    select
        candidates.series_id || '.' || aggregates.aggregate as record_id,
        candidates.network_id,
        candidates.network_region,
        candidates.fueltech_group,
        candidates.metric,
        candidates.period,
        aggregates.aggregate,
        candidates.interval_start,
        candidates.value,
        candidates.unit,
        candidates.value * aggregates.direction as ranked_value,
        candidates._loaded_at
    from candidates
    cross join aggregates
),

{% if is_incremental() %}
changed as (
    select
        changed_series.series_id || '.' || aggregates.aggregate as record_id,
        changed_series.changed_from,
        changed_series._loaded_at
    from changed_series
    cross join aggregates
),

{#- The stored instances before the change stand; the last of them is the record to beat. -#}
stored as (
    select
        existing.record_id,
        existing.network_id,
        existing.network_region,
        existing.fueltech_group,
        existing.metric,
        existing.period,
        existing.aggregate,
        existing.interval_start,
        existing.value,
        existing.unit,
        case when existing.aggregate = 'high' then existing.value else -existing.value end as ranked_value,
        changed._loaded_at as _loaded_at
    from {{ this }} as existing
    inner join changed
        on existing.record_id = changed.record_id
    where existing.interval_start < changed.changed_from
),

standing as (
    select
        record_id,
        max(ranked_value) as ranked_value
    from stored
    group by record_id
),

recomputed as (
    select
        series.record_id,
        series.network_id,
        series.network_region,
        series.fueltech_group,
        series.metric,
        series.period,
        series.aggregate,
        series.interval_start,
        series.value,
        series.unit,
        series.ranked_value,
        changed._loaded_at as _loaded_at
    from series
    inner join changed
        on series.record_id = changed.record_id
    where series.interval_start >= changed.changed_from
),
{% else %}
recomputed as (
    select * from series
),
{% endif %}

{#- The best value of the record's earlier candidates (null for its first). -#}
running as (
    select
        recomputed.*,
        case
            when row_number() over (partition by record_id order by interval_start) = 1 then null
            else max(ranked_value) over (
                partition by record_id order by interval_start
                rows between unbounded preceding and 1 preceding
            )
        end as best_before
    from recomputed
),

{#- The bar to beat: the better of the earlier candidates and the standing record. -#}
barred as (
    select
        running.*,
        {% if is_incremental() %}
        case
            when running.best_before is null then standing.ranked_value
            when standing.ranked_value is null then running.best_before
            when running.best_before > standing.ranked_value then running.best_before
            else standing.ranked_value
        end as bar
        {% else %}
        running.best_before as bar
        {% endif %}
    from running
    {% if is_incremental() %}
    left join standing
        on running.record_id = standing.record_id
    {% endif %}
),

{#- A record: strictly beyond the bar, or the first value of all. A tie is not a record, and
    values within a billionth of the bar are a tie: a sum of the same doubles differs in its last
    digits with the order it was summed in (a rebuild and an incremental run sum differently). -#}
broken as (
    select
        record_id, network_id, network_region, fueltech_group, metric, period, aggregate,
        interval_start, value, unit, _loaded_at
    from barred
    where
        bar is null
        or ranked_value > bar + 1e-9 * case when abs(bar) > 1 then abs(bar) else 1 end
),

instances as (
    {% if is_incremental() %}
    select
        record_id, network_id, network_region, fueltech_group, metric, period, aggregate,
        interval_start, value, unit, _loaded_at
    from stored
    union all
    {% endif %}
    select * from broken
),

identified as (
    select
        {{ milestone_instance_id() }} as instance_id,
        instances.*
    from instances
),

{#- The instance each one broke (none for the first: ClickHouse's lag gives a non-nullable
    column's default there, not null). -#}
linked as (
    select
        identified.*,
        case
            when row_number() over (partition by record_id order by interval_start) > 1
                then lag(instance_id) over (partition by record_id order by interval_start)
        end as previous_instance_id,
        case
            when row_number() over (partition by record_id order by interval_start) > 1
                then lag(value) over (partition by record_id order by interval_start)
        end as previous_value
    from identified
),

changes as (
    select
        linked.*,
        case
            when previous_value is null or previous_value = 0 then null
            else (value - previous_value) / abs(previous_value) * 100
        end as change_pct
    from linked
),

final as (
    select
        changes.*,
        {{ milestone_significance() }} as significance
    from changes
)

{{ select_contract_columns('final') }}
