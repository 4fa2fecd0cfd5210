{{ config(severity='warn', tags=['data_quality']) }}

{#- Warns while SCADA carries DUIDs the registry does not know (placeholders only when they carried
    power); fct_data_quality_findings lists them. -#}
select * from {{ ref('int_units__unmapped_scada') }}
where is_reported
