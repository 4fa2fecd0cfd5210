{#- Each unit's registration over time from the MMS registration tables (MMSDM DUDETAIL and
    DUDETAILSUMMARY, any month since 2009-07): one row per unit and date a registration detail
    changed, with the region, station and participant of the DUDETAILSUMMARY row in force and the
    capacity and dispatch type of the DUDETAIL version in force (highest VERSIONNO of the latest
    EFFECTIVEDATE not after that date). -#}
with

summary as (
    {{ deduplicate_latest(ref('stg_aemo__dudetailsummary'), ['unit_code', 'start_date'], 'last_changed') }}
),

detail as (
    select * from (
        select
            unit_code,
            effective_date,
            capacity_registered_mw,
            dispatch_type,
            row_number() over (
                partition by unit_code, effective_date
                order by version_no desc, last_changed desc nulls last, _loaded_at desc
            ) as version_rank
        from {{ ref('stg_aemo__dudetail') }}
    ) as versions
    where version_rank = 1
),

stations as (
    {{ deduplicate_latest(ref('stg_aemo__station'), ['station_id'], 'last_changed') }}
),

changes as (
    select unit_code, start_date as effective_from from summary
    union
    select unit_code, effective_date as effective_from from detail
),

with_summary as (
    select
        changes.unit_code,
        changes.effective_from,
        summary.end_date,
        summary.network_region,
        summary.station_id,
        summary.participant_id,
        summary.dispatch_type as summary_dispatch_type,
        row_number() over (
            partition by changes.unit_code, changes.effective_from
            order by summary.start_date desc
        ) as summary_rank
    from changes
    left join summary
        on changes.unit_code = summary.unit_code
        and summary.start_date <= changes.effective_from
),

with_detail as (
    select
        with_summary.*,
        detail.capacity_registered_mw,
        detail.dispatch_type as detail_dispatch_type,
        row_number() over (
            partition by with_summary.unit_code, with_summary.effective_from
            order by detail.effective_date desc
        ) as detail_rank
    from with_summary
    left join detail
        on with_summary.unit_code = detail.unit_code
        and detail.effective_date <= with_summary.effective_from
    where with_summary.summary_rank = 1
),

final as (
    select
        with_detail.unit_code,
        with_detail.effective_from,
        lead(with_detail.effective_from) over (
            partition by with_detail.unit_code
            order by with_detail.effective_from
        ) as next_change,
        with_detail.end_date as registered_until,
        with_detail.network_region,
        with_detail.station_id,
        stations.station_name,
        with_detail.participant_id,
        coalesce(with_detail.detail_dispatch_type, with_detail.summary_dispatch_type) as dispatch_type,
        with_detail.capacity_registered_mw
    from with_detail
    left join stations
        on with_detail.station_id = stations.station_id
    where with_detail.detail_rank = 1
)

select
    unit_code,
    effective_from,
    coalesce(next_change, registered_until) as effective_to,
    network_region,
    station_id,
    station_name,
    participant_id,
    dispatch_type,
    capacity_registered_mw
from final
