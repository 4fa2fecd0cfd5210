{#- The periods records are kept for, and their bounds. A period is named as the public
    OpenElectricity milestones name it (`interval`, `day`, `month`, `quarter`, `year`,
    `financial_year`); it starts at a naive network-local timestamp. The financial year runs
    July to June and starts on 1 July. -#}

{#- The start, as a timestamp, of the `period` holding the timestamp or date `column`. -#}
{% macro record_period_start(period, column) -%}
    {%- if period == 'interval' -%}
        cast({{ column }} as timestamp)
    {%- elif period == 'day' -%}
        cast(cast({{ column }} as date) as timestamp)
    {%- elif period == 'financial_year' -%}
        cast({{ dbt.dateadd('month', 6, dbt.date_trunc('year', dbt.dateadd('month', -6, 'cast(' ~ column ~ ' as timestamp)'))) }} as timestamp)
    {%- else -%}
        cast({{ dbt.date_trunc(period, 'cast(' ~ column ~ ' as timestamp)') }} as timestamp)
    {%- endif -%}
{%- endmacro %}

{#- The number of 5-minute intervals in the period named by the column `period_column` that
    starts at the timestamp column `start`: what a complete period counts. -#}
{% macro record_period_intervals(period_column, start) -%}
    {%- set lengths = {
        'day': ('day', 1), 'month': ('month', 1), 'quarter': ('month', 3),
        'year': ('month', 12), 'financial_year': ('month', 12),
    } -%}
    case {{ period_column }}
        when 'interval' then 1
        {%- for period, length in lengths.items() %}
        when '{{ period }}' then {{ dbt.datediff(start, dbt.dateadd(length[0], length[1], start), 'minute') }} / 5
        {%- endfor %}
    end
{%- endmacro %}

{#- The periods a finer grain rolls up into: a 5-minute row into every period, a daily row into
    the day, a monthly row into the month and the periods made of months. -#}
{% macro record_periods_of(grain) -%}
    {%- set periods = {
        'interval': ['interval'],
        'day': ['day'],
        'month': ['month', 'quarter', 'year', 'financial_year'],
        'five_minute_periods': ['day', 'month', 'quarter', 'year', 'financial_year'],
    } -%}
    {{ return(periods[grain]) }}
{%- endmacro %}
