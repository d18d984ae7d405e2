{#-
    Like dbt's `relationships`, but aware of incomplete exports. When the parent model has rows, every non-null
    child key must exist in it (an error otherwise). When the parent is empty while the child has rows, the export
    lacks the parent table: the test returns one row naming the gap and reports it as a warning, not an error.

    How: every returned row carries `failure_kind`; the failure count warns when non-zero and errors only when some
    row is a real orphan (`error_if` is appended to `fail_calc` by dbt's test wrapper).
-#}
{% test relationships_if_loaded(model, column_name, to, field, raw_table=none) %}

    {%- set missing = ('raw_thelook.' ~ raw_table) if raw_table else (to | string) -%}
    {%- set gap_message = 'export gap: ' ~ missing ~ ' is empty, so ' ~ model ~ '.' ~ column_name
        ~ ' cannot be checked against ' ~ to ~ '.' ~ field -%}

    {#- Also say it in the log, so the gap is named where people read the build output. -#}
    {% if execute %}
        {% set counts = run_query(
            "select exists (select 1 from " ~ to ~ "), exists (select 1 from " ~ model ~ ")"
        ) %}
        {% if not counts.rows[0][0] and counts.rows[0][1] %}
            {{ log(gap_message, info=True) }}
        {% endif %}
    {% endif %}

    {{ config(
        fail_calc="count(*)",
        warn_if="!= 0",
        error_if="!= 0 and bool_or(failure_kind = 'orphan')",
    ) }}

    with

    parent as (

        select {{ field }} as parent_key from {{ to }}

    ),

    child as (

        select {{ column_name }} as child_key from {{ model }}
        where {{ column_name }} is not null

    ),

    parent_is_empty as (

        select not exists (select 1 from parent) as is_empty

    ),

    orphans as (

        select
            'orphan' as failure_kind,
            cast(child.child_key as text) as child_key,
            cast(null as text) as gap
        from child
        cross join parent_is_empty
        left join parent on child.child_key = parent.parent_key
        where parent.parent_key is null and not parent_is_empty.is_empty

    ),

    gaps as (

        select
            'missing_parent_table' as failure_kind,
            cast(null as text) as child_key,
            '{{ gap_message | replace("'", "''") }}' as gap
        from parent_is_empty
        where parent_is_empty.is_empty and exists (select 1 from child)

    )

    select * from orphans
    union all
    select * from gaps

{% endtest %}
