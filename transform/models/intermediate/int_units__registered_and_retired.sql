{#- The units dim_units describes: every classified unit of today's registration list
    ('operating') and the retired units known only from the registration history ('retired'). -#}
{%- set columns = [
    'unit_code', 'facility_code', 'network_id', 'network_region', 'fueltech_id',
    'fueltech_group_id', 'is_renewable', 'dispatch_type', 'capacity_registered_mw',
    'emissions_factor_co2', 'emissions_factor_source', 'status_id',
] %}

select {{ columns | join(', ') }} from {{ ref('int_units__classified') }}
union all
select {{ columns | join(', ') }} from {{ ref('int_units__retired') }}
