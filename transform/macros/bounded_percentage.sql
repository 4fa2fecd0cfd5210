{#- 100 x numerator / denominator, bounded to 0..100; null where the denominator is not positive
    (no generation, or net consumption), so a share is never divided by zero or sign-flipped. -#}
{% macro bounded_percentage(numerator, denominator) -%}
    case
        when ({{ denominator }}) > 0
            then greatest(0, least(100, 100 * ({{ numerator }}) / ({{ denominator }})))
    end
{%- endmacro %}
