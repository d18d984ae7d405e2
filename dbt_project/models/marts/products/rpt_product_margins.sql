with

products as (

    select * from {{ ref('dim_products') }}

),

order_items as (

    select * from {{ ref('fct_order_items') }}
    where counts_in_net_sales

),

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

sold as (

    select
        order_items.product_id,
        count(*) as units_sold,
        sum(order_items.sale_price) as net_revenue,
        sum(order_items.cost) as cost_of_goods_sold

    from order_items
    cross join as_of
    where order_items.order_date <= as_of.as_of_date
    group by order_items.product_id

),

final as (

    select
        products.product_id,
        products.product_name,
        products.brand,
        products.category,
        products.department,
        products.retail_price,
        products.cost,
        products.unit_margin,
        products.unit_margin_rate,
        coalesce(sold.units_sold, 0) as units_sold,
        {{ money('coalesce(sold.net_revenue, 0)') }} as net_revenue,
        {{ money('coalesce(sold.cost_of_goods_sold, 0)') }} as cost_of_goods_sold,
        {{ money('coalesce(sold.net_revenue - sold.cost_of_goods_sold, 0)') }} as gross_margin,
        {{ safe_rate('sold.net_revenue - sold.cost_of_goods_sold', 'sold.net_revenue') }} as gross_margin_rate

    from products
    left join sold on products.product_id = sold.product_id

)

select * from final
