with

order_items as (

    select * from {{ ref('fct_order_items') }}
    where reached_customer

),

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

brands as (

    select
        coalesce(order_items.brand, 'Unknown') as brand,
        count(*) as delivered_items,
        count(*) filter (where order_items.is_returned) as returned_items

    from order_items
    cross join as_of
    where {{ utc_date('order_items.delivered_at') }} <= as_of.as_of_date
    group by 1

),

final as (

    select
        brand,
        delivered_items,
        returned_items,
        {{ safe_rate('returned_items', 'delivered_items') }} as return_rate

    from brands

)

select * from final
