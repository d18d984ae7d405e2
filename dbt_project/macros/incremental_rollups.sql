{#-
    Incremental rollups (`rpt_*_daily`, `rpt_*_monthly`): a daily build rebuilds the periods (days or months) from
    the first one that can have changed, and keeps the earlier ones as they are.

    The pre-hook `delete_rollup_tail` deletes that period and every later one; the model then appends every period
    after the last one kept (`rollup_built_after`). The first period rebuilt is the earliest of
      - the period `lookback_days` before the last period built (the re-read window);
      - for each fact in `facts`, a list of (relation, day expression) pairs, the period of the first row loaded
        after the newest `_loaded_at` the rollup holds: a status change or a late row, however old (a return
        recorded today changes the net revenue of its order's day). Rebuilding every later period too keeps
        figures that depend on earlier rows right (a customer's first order, the calendar spine);
      - the period holding the as-of date, whose figures stop at it (and a rebuild with an earlier `as_of_date`
        drops the periods after it).
    Every rollup row carries `_loaded_at`, the newest load time of the fact rows behind it, which is how the next
    run tells the new rows; `dbt build --full-refresh` rebuilds everything.
-#}

{% macro delete_rollup_tail(period_column, facts, grain='day') -%}
    {%- set changed_days = [] -%}
    {%- for relation, day in facts -%}
        {%- do changed_days.append(
            'select ' ~ day ~ ' as changed_day from ' ~ relation
            ~ ' where _loaded_at > (select max(_loaded_at) from ' ~ this ~ ')'
        ) -%}
    {%- endfor -%}
    {%- set built_columns = adapter.get_columns_in_relation(this) | map(attribute='name') | list
        if is_incremental() else [] -%}
    {%- if is_incremental() and '_loaded_at' not in built_columns -%}
        {#- a rollup built before it was incremental has no `_loaded_at`: every period is rebuilt, once -#}
        delete from {{ this }}
    {%- elif is_incremental() -%}
        delete from {{ this }}
        where
            {{ period_column }} >= cast(date_trunc('{{ grain }}', least(
                (select max({{ period_column }}) from {{ this }}) - {{ var('lookback_days') }},
                (select min(changed_day) from ({{ changed_days | join(' union all ') }}) as changed_days),
                (select as_of_date from {{ ref('int_as_of_date') }})
            )) as date)
    {%- endif -%}
{%- endmacro %}

{#- The rollup builds the periods after this one: on incremental runs the last period kept by
    `delete_rollup_tail` (-infinity when it kept none), on full builds -infinity, so every period. -#}
{% macro rollup_built_after(period_column) -%}
    {%- if is_incremental() -%}
        (select coalesce(max({{ period_column }}), '-infinity') from {{ this }})
    {%- else -%}
        '-infinity'
    {%- endif -%}
{%- endmacro %}
