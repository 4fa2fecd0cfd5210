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
    select
        cast(unit_code as varchar) as unit_code,
        cast(facility_code as varchar) as facility_code,
        cast(network_id as varchar) as network_id,
        cast(network_region as varchar) as network_region,
        cast(fueltech_id as varchar) as fueltech_id,
        cast(fueltech_group_id as varchar) as fueltech_group_id,
        cast(is_renewable as boolean) as is_renewable,
        cast(dispatch_type as varchar) as dispatch_type,
        cast(capacity_registered_mw as {{ type_double() }}) as capacity_registered_mw,
        cast(emissions_factor_co2 as {{ type_double() }}) as emissions_factor_co2,
        cast(emissions_factor_source as varchar) as emissions_factor_source,
        cast(status_id as varchar) as status_id
    from classified
    where fueltech_id is not null
)

select * from final
