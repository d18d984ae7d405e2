-- fct_order_items (incremental) holds exactly the raw order items: same count, same ids, same revenue.
-- A stale incremental build after the loader regenerated the source fails here until --full-refresh.
with

raw_items as (

    select
        count(*) as items,
        coalesce(sum(sale_price), 0) as revenue
    from {{ raw_source('order_items') }}

),

mart as (

    select
        count(*) as items,
        coalesce(sum(sale_price), 0) as revenue
    from {{ ref('fct_order_items') }}

),

stale as (

    select count(*) as stale_items
    from {{ ref('fct_order_items') }} as order_items
    where not exists (
            select 1 from {{ raw_source('order_items', alias='raw_order_items') }}
            where raw_order_items.id = order_items.order_item_id
        )

)

select
    raw_items.items as raw_items,
    mart.items as mart_items,
    raw_items.revenue as raw_revenue,
    mart.revenue as mart_revenue,
    stale.stale_items
from raw_items
cross join mart
cross join stale
where
    raw_items.items != mart.items
    or abs(raw_items.revenue - mart.revenue) > 0.01
    or stale.stale_items > 0
