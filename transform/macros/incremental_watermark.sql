{#- The newest load time already in an incremental model: rows loaded at or after it are new.
    Inclusive, so a batch that landed during the previous run is processed again (idempotent). -#}
{% macro incremental_watermark() -%}
    (select max(_loaded_at) from {{ this }})
{%- endmacro %}
