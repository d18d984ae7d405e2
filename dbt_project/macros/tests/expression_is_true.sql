{#- Every row satisfies the SQL boolean `expression` (optionally only rows matching `where`). -#}
{% test expression_is_true(model, expression, column_name=none) %}

    select *
    from {{ model }}
    where not ({{ expression }})

{% endtest %}
