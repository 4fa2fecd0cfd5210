{#- A rollup reconciles with its finer grain: per `keys` and `period` ('day' or 'month', the
    model's column interval_<period>) the model holds exactly the periods the finer relation has
    rows for, with the same sum of `energy_column` (default energy_mwh; to 0.001 MWh) and the
    same number of 5-minute rows (count(*) of a 5-minute relation, else the sum of its
    `interval_count` column). So a rollup is never partial or stale. -#}
{% test rollup_reconciles(model, finer, period, time_column, keys, interval_count=none, energy_column='energy_mwh') %}
{%- set grain = 'interval_' ~ period -%}
{%- set columns = keys + [grain] -%}
with

finer as (
    select
        {% for key in keys -%}
        {{ key }},
        {% endfor -%}
        {{ period_start(period, time_column) }} as {{ grain }},
        sum({{ energy_column }}) as energy_mwh,
        {{ 'sum(' ~ interval_count ~ ')' if interval_count else 'count(*)' }} as interval_count
    from {{ finer }}
    group by {{ keys | join(', ') }}, {{ period_start(period, time_column) }}
),

rollup as (
    select
        {% for column in columns -%}
        {{ column }},
        {% endfor -%}
        interval_count,
        {{ energy_column }} as energy_mwh
    from {{ model }}
)

select
    {% for column in columns -%}
    coalesce(finer.{{ column }}, rollup.{{ column }}) as {{ column }},
    {% endfor -%}
    finer.energy_mwh as finer_energy_mwh,
    rollup.energy_mwh as rollup_energy_mwh
from finer
full outer join rollup
    on {% for column in columns -%}
    finer.{{ column }} = rollup.{{ column }}{{ ' and ' if not loop.last }}
    {%- endfor %}
where rollup.{{ grain }} is null
    or finer.{{ grain }} is null
    or finer.interval_count <> rollup.interval_count
    or abs(coalesce(finer.energy_mwh, 0) - coalesce(rollup.energy_mwh, 0)) > 0.001
{% endtest %}
