with

source as (
    select * from {{ source('aemo', 'dispatch_unit_solution') }}
),

renamed as (
    select
        {{ aemo_timestamp('settlementdate') }} as interval_end,
        cast(runno as integer) as run_no,
        duid as unit_code,
        cast(intervention as integer) as intervention,
        {{ aemo_number('initialmw') }} as initial_mw,
        {{ aemo_number('totalcleared') }} as total_cleared_mw,
        {{ aemo_number(optional_column(source('aemo', 'dispatch_unit_solution'), 'initial_energy_storage')) }} as initial_energy_storage_mwh,
        {{ aemo_number(optional_column(source('aemo', 'dispatch_unit_solution'), 'energy_storage')) }} as energy_storage_mwh,
        {{ aemo_timestamp('lastchanged') }} as last_changed,
        _table_version,
        _source_file,
        _file_sha256,
        _loaded_at
    from source
)

select * from renamed
