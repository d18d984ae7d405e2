with

order_items as (

    select * from {{ ref('fct_order_items') }}

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
        count(*) filter (where order_items.is_cancelled) as cancelled_items

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
        {{ safe_rate('cancelled_items', 'items_ordered') }} as item_cancellation_rate

    from daily

)

select * from final
