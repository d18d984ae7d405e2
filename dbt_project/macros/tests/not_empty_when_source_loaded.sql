{#- The model has rows whenever the raw table it is built from has rows (a join or filter did not drop all). -#}
{% test not_empty_when_source_loaded(model, source_relation) %}

    select 'model is empty although its source has rows' as problem
    where
        exists (select 1 from {{ source_relation }})
        and not exists (select 1 from {{ model }})

{% endtest %}
