with

order_items as (

    select * from {{ ref('fct_order_items') }}

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
        count(*) filter (where order_items.is_cancelled) as cancelled_items

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
        {{ safe_rate('cancelled_items', 'items_ordered') }} as item_cancellation_rate

    from monthly

)

select * from final
