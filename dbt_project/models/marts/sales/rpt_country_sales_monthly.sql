with

orders as (

    select * from {{ ref('fct_orders') }}

),

customers as (

    select
        customer_id,
        country
    from {{ ref('dim_customers') }}

),

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

monthly as (

    select
        orders.order_month,
        -- orders of customers missing from users (an incomplete export) are kept, not dropped
        coalesce(customers.country, 'Unknown') as country,
        count(*) as orders,
        count(*) filter (where orders.counts_in_gmv) as gmv_orders,
        sum(orders.gmv) as gmv,
        count(*) filter (where orders.is_cancelled) as cancelled_orders

    from orders
    cross join as_of
    left join customers on orders.customer_id = customers.customer_id
    where orders.order_date <= as_of.as_of_date
    group by 1, 2

),

final as (

    select
        order_month,
        country,
        orders,
        gmv_orders,
        {{ money('gmv') }} as gmv,
        {{ money('gmv / nullif(gmv_orders, 0)') }} as aov,
        cancelled_orders,
        {{ safe_rate('cancelled_orders', 'orders') }} as cancellation_rate

    from monthly

)

select * from final
