{#- `numerator` / `denominator` x 100, bounded to 0 .. 100; null when either is null or the
    denominator is not positive. Spelled with case (not greatest/least, which skip nulls on
    DuckDB and PostgreSQL) so a missing input stays null on every engine. -#}
{% macro bounded_percentage(numerator, denominator) -%}
    {%- set numerator = '(' ~ numerator ~ ')' -%}
    {%- set denominator = '(' ~ denominator ~ ')' -%}
    case
        when {{ numerator }} is null or {{ denominator }} is null or {{ denominator }} <= 0 then null
        when {{ numerator }} <= 0 then cast(0 as {{ type_double() }})
        when {{ numerator }} >= {{ denominator }} then cast(100 as {{ type_double() }})
        else {{ numerator }} * 100 / {{ denominator }}
    end
{%- endmacro %}

{#- `value` where it is positive, 0 where it is not, null where it is null (see above). -#}
{% macro non_negative(value) -%}
    case
        when {{ value }} < 0 then 0
        else {{ value }}
    end
{%- endmacro %}
