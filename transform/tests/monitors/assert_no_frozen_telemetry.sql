{{ config(severity='warn', tags=['monitor']) }}

{#- Warns while int_monitor__frozen_telemetry has findings; fct_data_quality_findings lists them. -#}
select * from {{ ref('int_monitor__frozen_telemetry') }}
