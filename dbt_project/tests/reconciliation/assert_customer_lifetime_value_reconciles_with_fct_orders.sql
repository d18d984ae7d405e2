-- Lifetime value and GMV summed over customers equal the net revenue and GMV of their orders up to the as-of date.
with

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

orders as (

    select
        coalesce(sum(fct_orders.net_revenue), 0) as net_revenue,
        coalesce(sum(fct_orders.gmv), 0) as gmv
    from {{ ref('fct_orders') }} as fct_orders
    cross join as_of
    where
        fct_orders.order_date <= as_of.as_of_date
        and fct_orders.customer_id in (
            select dim_customers.customer_id from {{ ref('dim_customers') }} as dim_customers
        )

),

customers as (

    select
        count(*) as customers,
        coalesce(sum(lifetime_value), 0) as lifetime_value,
        coalesce(sum(lifetime_gmv), 0) as lifetime_gmv
    from {{ ref('dim_customers') }}

)

select
    customers.customers,
    customers.lifetime_value,
    customers.lifetime_gmv,
    orders.net_revenue,
    orders.gmv
from customers
cross join orders
where
    abs(customers.lifetime_value - cast(orders.net_revenue as numeric)) > 0.005 * customers.customers + 0.01
    or abs(customers.lifetime_gmv - cast(orders.gmv as numeric)) > 0.005 * customers.customers + 0.01
