-- Incremental: each run rebuilds the days from the first one that can have changed (macros/incremental_rollups.sql).
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
        pre_hook="{{ delete_rollup_tail('date_day', [(ref('fct_order_items'), 'order_date')]) }}",
    )
}}

with

order_items as (

    select * from {{ ref('fct_order_items') }}
    where order_date > {{ rollup_built_after('date_day') }}

),

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

daily as (

    select
        order_items.order_date as date_day,
        order_items.category,
        order_items.department,
        count(distinct order_items.order_id) filter (where order_items.counts_in_gmv) as orders,
        count(*) filter (where order_items.counts_in_gmv) as items_sold,
        coalesce(sum(order_items.sale_price) filter (where order_items.counts_in_gmv), 0) as gmv,
        count(*) as items_ordered,
        count(*) filter (where order_items.is_cancelled) as cancelled_items,
        max(order_items._loaded_at) as _loaded_at

    from order_items
    cross join as_of
    where order_items.order_date <= as_of.as_of_date
    group by 1, 2, 3

),

final as (

    select
        date_day,
        category,
        department,
        orders,
        items_sold,
        {{ money('gmv') }} as gmv,
        items_ordered,
        cancelled_items,
        {{ safe_rate('cancelled_items', 'items_ordered') }} as item_cancellation_rate,
        _loaded_at

    from daily

)

select * from final
