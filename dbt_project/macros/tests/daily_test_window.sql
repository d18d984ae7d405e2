{#-
    Daily builds test the re-read window of the largest tables, `--full-refresh` builds test every row.

    A model whose config has `meta: {daily_test_window: <date or timestamp column>}` hands its generic data tests
    (unique, not_null, accepted_values, relationships_if_loaded, ...) only its rows whose column lies within
    `lookback_days` of the column's newest value, unless the run is a `--full-refresh`. dbt builds the `model`
    argument of every generic test with this macro; the test's own `where` config still applies.
-#}
{% macro get_where_subquery(relation) -%}
    {%- set filters = [] -%}
    {%- if config.get('where') -%}
        {%- do filters.append('(' ~ config.get('where') ~ ')') -%}
    {%- endif -%}
    {%- set tested = graph.nodes.get(model.attached_node) if execute and model.attached_node else none -%}
    {%- set window_column = tested.config.meta.get('daily_test_window') if tested else none -%}
    {%- if window_column and not flags.FULL_REFRESH -%}
        {#- the window's start as a literal, so the planner can use an index on the column -#}
        {%- set start = run_query(
            'select max(' ~ window_column ~ ') - make_interval(days => ' ~ var('lookback_days') ~ ') from ' ~ relation
        ).columns[0].values()[0] -%}
        {%- if start is not none -%}
            {%- do filters.append(window_column ~ " >= '" ~ start ~ "'") -%}
        {%- endif -%}
    {%- endif -%}
    {%- if filters -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ filters | join(' and ') ~ ') dbt_subquery') -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}
