{{ config(severity='warn', tags=['data_quality']) }}

{#- Warns while int_interval_gaps__detected has findings; fct_data_quality_findings lists them. -#}
select * from {{ ref('int_interval_gaps__detected') }}
