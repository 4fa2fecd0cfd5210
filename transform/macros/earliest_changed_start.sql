{#- The earliest interval_start among the rows of `relations` loaded since the watermark (and
    the rows of `also`, a query whose column is `changed_start`), as a scalar subquery: a
    constant bound each engine applies in its scans, so an incremental run reads its inputs from
    there on, not the history. -#}
{% macro earliest_changed_start(relations, also=none) -%}
    (select min(changed_start) from (
        {%- for relation in relations %}
        {{ 'union all' if not loop.first }}
        select interval_start as changed_start from {{ relation }}
        where _loaded_at >= {{ incremental_watermark() }}
        {%- endfor %}
        {%- if also %}
        union all
        {{ also }}
        {%- endif %}
    ) as changed_starts)
{%- endmacro %}
