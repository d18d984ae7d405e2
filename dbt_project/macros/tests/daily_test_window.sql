{#-
    Daily builds test the re-read window of the largest tables, `--full-refresh` builds test every row.

    A model whose config has `meta: {daily_test_window: <date or timestamp column>}` hands its generic data tests
    (unique, not_null, accepted_values, relationships_if_loaded, ...) only its rows whose column is on or after the
    as-of date less `lookback_days`, unless the run is a `--full-refresh` (or the as-of date is not built yet).
    dbt builds the `model` argument of every generic test with this macro; a test's own `where` config still
    applies.
-#}
{% macro get_where_subquery(relation) -%}
    {%- set filters = [] -%}
    {%- if config.get('where') -%}
        {%- do filters.append('(' ~ config.get('where') ~ ')') -%}
    {%- endif -%}
    {%- set tested = graph.nodes.get(model.attached_node) if execute and model.attached_node else none -%}
    {%- set window_column = tested.config.meta.get('daily_test_window') if tested else none -%}
    {%- if window_column and not flags.FULL_REFRESH -%}
        {#- the window starts lookback_days before the as-of date (tests that run before int_as_of_date is rebuilt
            read the previous build's, an earlier start), as a literal, so the planner can use an index -#}
        {%- set as_of = graph.nodes.get('model.' ~ project_name ~ '.int_as_of_date') -%}
        {%- set as_of_relation = adapter.get_relation(as_of.database, as_of.schema, as_of.alias) -%}
        {%- if as_of_relation is not none -%}
            {%- set start = run_query(
                'select as_of_date - ' ~ var('lookback_days') ~ ' from ' ~ as_of_relation
            ).columns[0].values()[0] -%}
            {%- if start is not none -%}
                {%- do filters.append(window_column ~ " >= '" ~ start ~ "'") -%}
            {%- endif -%}
        {%- endif -%}
    {%- endif -%}
    {%- if filters -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ filters | join(' and ') ~ ') dbt_subquery') -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}
