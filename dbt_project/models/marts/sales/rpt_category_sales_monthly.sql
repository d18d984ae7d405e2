-- Incremental: each run rebuilds the months from the first one that can have changed
-- (macros/incremental_rollups.sql).
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
        pre_hook="{{ delete_rollup_tail('order_month', [(ref('fct_order_items'), 'order_date')], grain='month') }}",
    )
}}

with

order_items as (

    select * from {{ ref('fct_order_items') }}
    where cast(date_trunc('month', order_date) as date) > {{ rollup_built_after('order_month') }}

),

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

monthly as (

    select
        cast(date_trunc('month', order_items.order_date) as date) as order_month,
        order_items.department,
        order_items.category,
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
        order_month,
        department,
        category,
        orders,
        items_sold,
        {{ money('gmv') }} as gmv,
        -- the category's share of its orders' value: category GMV per order that holds the category
        {{ money('gmv / nullif(orders, 0)') }} as aov,
        items_ordered,
        cancelled_items,
        {{ safe_rate('cancelled_items', 'items_ordered') }} as item_cancellation_rate,
        _loaded_at

    from monthly

)

select * from final
