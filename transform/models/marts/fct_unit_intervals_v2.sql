{#- v2 = v1 plus `source`: energy of an interval comes from the source that wins for it
    (int_unit_energy__prioritised_by_source): metered energy (meter_data) where
    Next_Day_Actual_Gen has it, else the SCADA trapezoid (scada); macro unit_intervals. Rebuilt
    whole (table): the precedence can change an interval after the fact, when the next-day
    meter file arrives. -#}
{{ config(materialized='table') }}

{{ unit_intervals(ref('int_unit_energy__prioritised_by_source')) }}
