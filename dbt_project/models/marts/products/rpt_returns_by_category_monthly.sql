with

order_items as (

    select * from {{ ref('fct_order_items') }}
    -- the denominator is what reached the customer (delivered: Complete or Returned), dated by delivery
    where reached_customer

),

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

monthly as (

    select
        {{ utc_month('order_items.delivered_at') }} as delivery_month,
        order_items.department,
        order_items.category,
        count(*) as delivered_items,
        count(*) filter (where order_items.is_returned) as returned_items,
        count(distinct order_items.order_id) as delivered_orders,
        count(distinct order_items.order_id) filter (where order_items.is_returned) as returned_orders

    from order_items
    cross join as_of
    where {{ utc_date('order_items.delivered_at') }} <= as_of.as_of_date
    group by 1, 2, 3

),

final as (

    select
        delivery_month,
        department,
        category,
        delivered_items,
        returned_items,
        {{ safe_rate('returned_items', 'delivered_items') }} as return_rate,
        delivered_orders,
        returned_orders

    from monthly

)

select * from final
