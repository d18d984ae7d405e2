with

orders as (

    select * from {{ ref('fct_orders') }}
    where counts_in_gmv

),

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

monthly as (

    select
        orders.order_month,
        count(*) as gmv_orders,
        count(*) filter (where orders.is_first_order) as new_customer_orders,
        count(*) filter (where not orders.is_first_order) as returning_customer_orders,
        sum(orders.gmv) as gmv,
        coalesce(sum(orders.gmv) filter (where orders.is_first_order), 0) as new_customer_gmv,
        coalesce(sum(orders.gmv) filter (where not orders.is_first_order), 0) as returning_customer_gmv

    from orders
    cross join as_of
    where orders.order_date <= as_of.as_of_date
    group by orders.order_month

),

final as (

    select
        order_month,
        gmv_orders,
        new_customer_orders,
        returning_customer_orders,
        {{ safe_rate('new_customer_orders', 'gmv_orders') }} as new_share_of_orders,
        {{ safe_rate('returning_customer_orders', 'gmv_orders') }} as returning_share_of_orders,
        {{ money('gmv') }} as gmv,
        {{ money('new_customer_gmv') }} as new_customer_gmv,
        {{ money('returning_customer_gmv') }} as returning_customer_gmv,
        {{ safe_rate('new_customer_gmv', 'gmv') }} as new_share_of_gmv,
        {{ safe_rate('returning_customer_gmv', 'gmv') }} as returning_share_of_gmv

    from monthly

)

select * from final
