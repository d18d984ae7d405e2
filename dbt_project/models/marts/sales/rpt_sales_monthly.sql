with

orders as (

    select * from {{ ref('fct_orders') }}

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
        count(*) filter (where orders.is_cancelled) as cancelled_orders

    from orders
    cross join as_of
    where orders.order_date <= as_of.as_of_date
    group by orders.order_month

),

final as (

    select
        order_month,
        orders,
        gmv_orders,
        cast(coalesce(items_sold, 0) as bigint) as items_sold,
        {{ money('gmv') }} as gmv,
        {{ money('net_revenue') }} as net_revenue,
        {{ money('gmv / nullif(gmv_orders, 0)') }} as aov,
        cancelled_orders,
        {{ safe_rate('cancelled_orders', 'orders') }} as cancellation_rate

    from monthly

)

select * from final
