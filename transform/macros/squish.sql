{#- Text as a person reads it: every whitespace run (spaces, tabs, newlines) becomes one space,
    ends trimmed. AEMO's xlsx has DUIDs like 'HASTING1\n' and names with double spaces. -#}
{% macro squish(column) -%}
    trim(regexp_replace({{ column }}, '\s+', ' ', 'g'))
{%- endmacro %}
