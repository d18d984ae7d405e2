-- Incremental: each run rebuilds the days from the first one that can have changed (macros/incremental_rollups.sql),
-- whose pre-hook reads the as-of date.
-- depends_on: {{ ref('int_as_of_date') }}
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
        pre_hook="{{ delete_rollup_tail('date_day', [
            (ref('fct_orders'), 'order_date'),
            (ref('fct_orders'), utc_date('returned_at')),
            (ref('fct_order_items'), 'order_date'),
            (ref('fct_sessions'), 'session_date'),
        ]) }}",
    )
}}

with

dates as (

    select date_day from {{ ref('dim_dates') }}
    where date_day > {{ rollup_built_after('date_day') }}

),

orders as (

    select * from {{ ref('fct_orders') }}

),

order_items as (

    select * from {{ ref('fct_order_items') }}
    where order_date > {{ rollup_built_after('date_day') }}

),

sessions as (

    select * from {{ ref('fct_sessions') }}
    where session_date > {{ rollup_built_after('date_day') }}

),

orders_daily as (

    select
        order_date as date_day,
        count(*) as orders,
        count(*) filter (where counts_in_gmv) as gmv_orders,
        sum(order_item_count) filter (where counts_in_gmv) as items_sold,
        sum(gmv) as gmv,
        sum(net_revenue) as net_revenue,
        count(*) filter (where is_cancelled) as cancelled_orders,
        count(*) filter (where is_first_order) as new_customers,
        count(*) filter (where counts_in_gmv and not is_first_order) as returning_customer_orders,
        max(_loaded_at) as _loaded_at

    from orders
    where order_date > {{ rollup_built_after('date_day') }}
    group by order_date

),

returns_daily as (

    -- returns are dated by the day the return was recorded
    select
        {{ utc_date('returned_at') }} as date_day,
        count(*) as returned_orders,
        max(_loaded_at) as _loaded_at

    from orders
    where is_returned and {{ utc_date('returned_at') }} > {{ rollup_built_after('date_day') }}
    group by {{ utc_date('returned_at') }}

),

sessions_daily as (

    select
        session_date as date_day,
        count(*) as sessions,
        count(*) filter (where is_anonymous) as anonymous_sessions,
        count(*) filter (where is_purchase_session) as purchase_sessions,
        count(*) filter (where reached_cart) as cart_sessions,
        count(*) filter (where is_cart_abandoned) as abandoned_cart_sessions,
        max(_loaded_at) as _loaded_at

    from sessions
    group by session_date

),

items_daily as (

    -- the order figures come from the order items too: their load times mark the days they changed
    select
        order_date as date_day,
        max(_loaded_at) as _loaded_at

    from order_items
    group by order_date

),

final as (

    select
        dates.date_day,
        coalesce(orders_daily.orders, 0) as orders,
        coalesce(orders_daily.gmv_orders, 0) as gmv_orders,
        cast(coalesce(orders_daily.items_sold, 0) as bigint) as items_sold,
        {{ money('coalesce(orders_daily.gmv, 0)') }} as gmv,
        {{ money('coalesce(orders_daily.net_revenue, 0)') }} as net_revenue,
        {{ money('orders_daily.gmv / nullif(orders_daily.gmv_orders, 0)') }} as aov,
        coalesce(orders_daily.cancelled_orders, 0) as cancelled_orders,
        {{ safe_rate('orders_daily.cancelled_orders', 'orders_daily.orders') }} as cancellation_rate,
        coalesce(returns_daily.returned_orders, 0) as returned_orders,
        coalesce(orders_daily.new_customers, 0) as new_customers,
        coalesce(orders_daily.returning_customer_orders, 0) as returning_customer_orders,
        coalesce(sessions_daily.sessions, 0) as sessions,
        coalesce(sessions_daily.anonymous_sessions, 0) as anonymous_sessions,
        coalesce(sessions_daily.purchase_sessions, 0) as purchase_sessions,
        {{ safe_rate('sessions_daily.purchase_sessions', 'sessions_daily.sessions') }} as session_conversion_rate,
        coalesce(sessions_daily.cart_sessions, 0) as cart_sessions,
        coalesce(sessions_daily.abandoned_cart_sessions, 0) as abandoned_cart_sessions,
        {{ safe_rate('sessions_daily.abandoned_cart_sessions', 'sessions_daily.cart_sessions') }}
        as cart_abandonment_rate,
        greatest(
            orders_daily._loaded_at, returns_daily._loaded_at, items_daily._loaded_at, sessions_daily._loaded_at
        ) as _loaded_at

    from dates
    left join orders_daily on dates.date_day = orders_daily.date_day
    left join returns_daily on dates.date_day = returns_daily.date_day
    left join sessions_daily on dates.date_day = sessions_daily.date_day
    left join items_daily on dates.date_day = items_daily.date_day

)

select * from final
