{#- Every open data-quality finding, one row each, with what to look at: the API serves this at
    /v4/health/data. Model checks (gaps, frozen telemetry, unmapped DUIDs) are computed here; dbt
    test and source freshness results are written to raw.data_quality_checks by the data-quality flow
    (flows/monitors.py) and carried over when they did not pass. -#}
with

gaps as (
    select
        'interval_gap' as check_name,
        'warn' as severity,
        source_table as subject,
        network_region,
        first_missing_start as first_interval_start,
        last_missing_start as last_interval_start,
        cast(missing_intervals as varchar) || ' missing intervals of ' || source_table
        || ' (' || network_region || '); re-run `opennem backfill --source <report>` over them'
        as detail
    from {{ ref('int_interval_gaps__detected') }}
),

frozen as (
    select
        check_name,
        'warn' as severity,
        unit_code as subject,
        cast(null as varchar) as network_region,
        first_interval_start,
        last_interval_start,
        unit_code || ' reported ' || cast(power_mw as varchar) || ' MW for '
        || cast(interval_count as varchar) || ' intervals'
        || case when check_name = 'solar_at_night' then ' at night (22:00-04:00 AEST)' else ' unchanged' end
        as detail
    from {{ ref('int_frozen_telemetry__detected') }}
),

unmapped as (
    select
        'unmapped_duid' as check_name,
        'warn' as severity,
        duid as subject,
        cast(null as varchar) as network_region,
        cast(null as timestamp) as first_interval_start,
        cast(null as timestamp) as last_interval_start,
        duid || ': ' || reason || '; ' || cast(reading_count as varchar) || ' SCADA rows from '
        || first_settlementdate || ' to ' || last_settlementdate || ', up to '
        || cast(round(max_abs_power_mw * 10) / 10 as varchar) || ' MW, reach no unit mart'
        as detail
    from {{ ref('int_units__unmapped_scada') }}
    where is_reported
),

dbt_checks as (
    {{ source_or_empty('data_quality', 'data_quality_checks', ['check_name', 'subject', 'status', 'detail']) }}
),

failed_checks as (
    select
        check_name,
        case when status = 'warn' then 'warn' else 'error' end as severity,
        subject,
        cast(null as varchar) as network_region,
        cast(null as timestamp) as first_interval_start,
        cast(null as timestamp) as last_interval_start,
        subject || ' ' || status || ': ' || coalesce(detail, '') as detail
    from dbt_checks
    where status <> 'pass'
),

findings as (
    select * from gaps
    union all
    select * from frozen
    union all
    select * from unmapped
    union all
    select * from failed_checks
)

select
    check_name,
    severity,
    subject,
    network_region,
    first_interval_start,
    last_interval_start,
    detail,
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as timestamp) as checked_at
from findings
