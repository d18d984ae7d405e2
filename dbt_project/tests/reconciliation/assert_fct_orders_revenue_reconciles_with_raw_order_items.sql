-- Order revenue and item counts in fct_orders equal the raw order_items of the loaded orders.
with

raw_items as (

    select
        count(*) as items,
        coalesce(sum(sale_price), 0) as revenue
    from {{ raw_source('order_items') }}
    where order_id in (select raw_orders.order_id from {{ raw_source('orders', alias='raw_orders') }})

),

mart as (

    select
        coalesce(sum(order_item_count), 0) as items,
        coalesce(sum(order_revenue), 0) as revenue
    from {{ ref('fct_orders') }}

)

select
    raw_items.items as raw_items,
    mart.items as mart_items,
    raw_items.revenue as raw_revenue,
    mart.revenue as mart_revenue
from raw_items
cross join mart
where raw_items.items != mart.items or abs(raw_items.revenue - mart.revenue) > 0.01
