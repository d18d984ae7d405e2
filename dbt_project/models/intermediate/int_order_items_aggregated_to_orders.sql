-- Item totals per order, from every order_items row loaded for it.
with

order_items as (

    select * from {{ ref('stg_thelook__order_items') }}

),

aggregated as (

    select
        order_id,
        count(*) as order_item_count,
        sum(sale_price) as order_revenue,
        min(item_created_at) as first_item_created_at

    from order_items
    group by order_id

)

select * from aggregated
