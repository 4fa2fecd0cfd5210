{#- Text as a person reads it: every whitespace run (spaces, tabs, newlines) becomes one space,
    ends trimmed. AEMO's xlsx has DUIDs like 'HASTING1\n' and names with double spaces. -#}
{% macro squish(column) -%}
    {{ return(adapter.dispatch('squish')(column)) }}
{%- endmacro %}

{% macro default__squish(column) -%}
    trim(regexp_replace({{ column }}, '\s+', ' ', 'g'))
{%- endmacro %}

{% macro clickhouse__squish(column) -%}
    trim(replaceRegexpAll({{ column }}, '[[:space:]]+', ' '))
{%- endmacro %}

{#- Every match of `pattern` (a regular expression literal) replaced. -#}
{% macro regexp_replace_all(column, pattern, replacement) -%}
    {{ return(adapter.dispatch('regexp_replace_all')(column, pattern, replacement)) }}
{%- endmacro %}

{% macro default__regexp_replace_all(column, pattern, replacement) -%}
    regexp_replace({{ column }}, {{ pattern }}, {{ replacement }}, 'g')
{%- endmacro %}

{% macro clickhouse__regexp_replace_all(column, pattern, replacement) -%}
    replaceRegexpAll({{ column }}, {{ pattern }}, {{ replacement }})
{%- endmacro %}
