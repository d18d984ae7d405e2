with

customers as (

    select * from {{ ref('stg_thelook__users') }}

),

orders as (

    select * from {{ ref('fct_orders') }}

),

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

customer_orders as (

    -- lifetime figures run to the as-of date, like recency in the RFM scores
    select
        orders.customer_id,
        count(*) as lifetime_orders,
        count(*) filter (where orders.counts_in_gmv) as lifetime_gmv_orders,
        count(*) filter (where orders.is_cancelled) as lifetime_cancelled_orders,
        count(*) filter (where orders.is_returned) as lifetime_returned_orders,
        sum(orders.gmv) as lifetime_gmv,
        sum(orders.net_revenue) as lifetime_value,
        min(orders.ordered_at) filter (where orders.counts_in_gmv) as first_order_at,
        max(orders.ordered_at) filter (where orders.counts_in_gmv) as last_order_at

    from orders
    cross join as_of
    where orders.order_date <= as_of.as_of_date
    group by orders.customer_id

),

final as (

    select
        ---------- ids
        customers.customer_id,

        ---------- strings
        customers.first_name,
        customers.last_name,
        customers.email,
        customers.gender,
        customers.city,
        customers.state,
        customers.postal_code,
        customers.country,
        customers.acquisition_channel,

        ---------- numerics
        customers.age,
        customers.latitude,
        customers.longitude,
        coalesce(customer_orders.lifetime_orders, 0) as lifetime_orders,
        coalesce(customer_orders.lifetime_gmv_orders, 0) as lifetime_gmv_orders,
        coalesce(customer_orders.lifetime_cancelled_orders, 0) as lifetime_cancelled_orders,
        coalesce(customer_orders.lifetime_returned_orders, 0) as lifetime_returned_orders,
        {{ money('coalesce(customer_orders.lifetime_gmv, 0)') }} as lifetime_gmv,
        {{ money('coalesce(customer_orders.lifetime_value, 0)') }} as lifetime_value,

        ---------- booleans
        customer_orders.first_order_at is not null as is_buyer,

        ---------- dates and timestamps
        customers.signed_up_at,
        customer_orders.first_order_at,
        customer_orders.last_order_at,
        {{ utc_month('customer_orders.first_order_at') }} as cohort_month

    from customers
    left join customer_orders on customers.customer_id = customer_orders.customer_id

)

select * from final
