{#- NEM units (registration list and retired) and WEM units (wem_units seed). -#}
{%- set columns = [
    'unit_code', 'facility_code', 'network_id', 'network_region', 'fueltech_id',
    'fueltech_group_id', 'is_renewable', 'dispatch_type', 'capacity_registered_mw',
    'emissions_factor_co2', 'emissions_factor_source', 'status_id',
] %}

with

classified as (
    select {{ columns | join(', ') }} from {{ ref('int_units__classified') }}
    union all
    select {{ columns | join(', ') }} from {{ ref('int_units__retired') }}
    union all
    select {{ columns | join(', ') }} from {{ ref('int_wem_units__classified') }}
),

final as (
    select * from classified
    where fueltech_id is not null
)

{{ select_contract_columns('final') }}
