-- Incremental: each run rebuilds the months from the first one that can have changed
-- (macros/incremental_rollups.sql).
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
        pre_hook="{{ delete_rollup_tail('order_month', [
            (ref('fct_orders'), 'order_date'),
            (ref('fct_order_items'), 'order_date'),
        ], grain='month') }}",
    )
}}

with

orders as (

    select * from {{ ref('fct_orders') }}
    where order_month > {{ rollup_built_after('order_month') }}

),

order_items_monthly as (

    -- the order figures come from the order items too: their load times mark the months they changed
    select
        cast(date_trunc('month', order_date) as date) as order_month,
        max(_loaded_at) as _loaded_at

    from {{ ref('fct_order_items') }}
    where order_date > {{ rollup_built_after('order_month') }}
    group by cast(date_trunc('month', order_date) as date)

),

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

monthly as (

    select
        orders.order_month,
        count(*) as orders,
        count(*) filter (where orders.counts_in_gmv) as gmv_orders,
        sum(orders.order_item_count) filter (where orders.counts_in_gmv) as items_sold,
        sum(orders.gmv) as gmv,
        sum(orders.net_revenue) as net_revenue,
        count(*) filter (where orders.is_cancelled) as cancelled_orders,
        max(orders._loaded_at) as _loaded_at

    from orders
    cross join as_of
    where orders.order_date <= as_of.as_of_date
    group by orders.order_month

),

final as (

    select
        monthly.order_month,
        monthly.orders,
        monthly.gmv_orders,
        cast(coalesce(monthly.items_sold, 0) as bigint) as items_sold,
        {{ money('monthly.gmv') }} as gmv,
        {{ money('monthly.net_revenue') }} as net_revenue,
        {{ money('monthly.gmv / nullif(monthly.gmv_orders, 0)') }} as aov,
        monthly.cancelled_orders,
        {{ safe_rate('monthly.cancelled_orders', 'monthly.orders') }} as cancellation_rate,
        greatest(monthly._loaded_at, order_items_monthly._loaded_at) as _loaded_at

    from monthly
    left join order_items_monthly on monthly.order_month = order_items_monthly.order_month

)

select * from final
