{#- The facility code of a station OpenElectricity's registry does not know, derived from its
    name: upper case, every run of characters other than A-Z and 0-9 replaced by one underscore,
    leading/trailing underscores dropped ("Jindabyne Pump At Guthega " -> JINDABYNE_PUMP_AT_GUTHEGA). -#}
{% macro derived_facility_code(name) -%}
upper(trim(both '_' from {{ regexp_replace_all(name, "'[^A-Za-z0-9]+'", "'_'") }}))
{%- endmacro %}
