{#- A rollup reconciles with its finer grain: per `keys` and `period` ('day' or 'month', the
    model's column interval_<period>) the model holds exactly the periods the finer relation has
    rows for, with the same sum of each of `energy_columns` (default energy_mwh; to 0.001 MWh)
    and the same number of 5-minute rows (count(*) of a 5-minute relation, else the sum of its
    `interval_count` column). So a rollup is never partial or stale. -#}
{% test rollup_reconciles(model, finer, period, time_column, keys, interval_count=none, energy_columns=['energy_mwh']) %}
{%- set grain = 'interval_' ~ period -%}
{%- set columns = keys + [grain] -%}
with

finer as (
    select
        {% for key in keys -%}
        {{ key }},
        {% endfor -%}
        {{ period_start(period, time_column) }} as {{ grain }},
        {% for energy in energy_columns -%}
        sum({{ energy }}) as {{ energy }},
        {% endfor -%}
        {{ 'sum(' ~ interval_count ~ ')' if interval_count else 'count(*)' }} as interval_count
    from {{ finer }}
    group by {{ keys | join(', ') }}, {{ period_start(period, time_column) }}
),

rollup as (
    select * from {{ model }}
)

select
    {% for column in columns -%}
    coalesce(finer.{{ column }}, rollup.{{ column }}) as {{ column }},
    {% endfor -%}
    {% for energy in energy_columns -%}
    finer.{{ energy }} as finer_{{ energy }},
    rollup.{{ energy }} as rollup_{{ energy }}{{ ',' if not loop.last }}
    {% endfor -%}
from finer
full outer join rollup
    on {% for column in columns -%}
    finer.{{ column }} = rollup.{{ column }}{{ ' and ' if not loop.last }}
    {%- endfor %}
where rollup.{{ grain }} is null
    or finer.{{ grain }} is null
    or finer.interval_count <> rollup.interval_count
    {%- for energy in energy_columns %}
    or abs(coalesce(finer.{{ energy }}, 0) - coalesce(rollup.{{ energy }}, 0)) > 0.001
    {%- endfor %}
{% endtest %}
