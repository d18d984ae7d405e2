with

order_items as (

    select * from {{ ref('fct_order_items') }}
    where counts_in_net_sales

),

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

monthly as (

    select
        cast(date_trunc('month', order_items.order_date) as date) as order_month,
        order_items.department,
        order_items.category,
        count(*) as units_sold,
        sum(order_items.sale_price) as net_revenue,
        sum(order_items.cost) as cost_of_goods_sold

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
        units_sold,
        {{ money('net_revenue') }} as net_revenue,
        {{ money('cost_of_goods_sold') }} as cost_of_goods_sold,
        {{ money('net_revenue - cost_of_goods_sold') }} as gross_margin,
        {{ safe_rate('net_revenue - cost_of_goods_sold', 'net_revenue') }} as gross_margin_rate

    from monthly

)

select * from final
