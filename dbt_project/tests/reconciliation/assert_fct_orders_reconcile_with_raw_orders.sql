-- Order counts per status in fct_orders equal those of the raw table (no order lost or duplicated).
with

raw_orders as (

    select
        status as order_status,
        count(*) as orders,
        count(distinct order_id) as distinct_orders
    from {{ raw_source('orders') }}
    group by status

),

mart_orders as (

    select
        order_status,
        count(*) as orders
    from {{ ref('fct_orders') }}
    group by order_status

)

select
    coalesce(raw_orders.order_status, mart_orders.order_status) as order_status,
    raw_orders.orders as raw_orders,
    raw_orders.distinct_orders as raw_distinct_orders,
    mart_orders.orders as mart_orders
from raw_orders
full outer join mart_orders on raw_orders.order_status = mart_orders.order_status
where
    raw_orders.orders is distinct from mart_orders.orders
    or raw_orders.distinct_orders is distinct from mart_orders.orders
