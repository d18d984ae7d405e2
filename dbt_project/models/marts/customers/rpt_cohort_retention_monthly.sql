with

customer_orders as (

    select * from {{ ref('int_orders_sequenced_by_customer') }}

),

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

in_range as (

    select customer_orders.*
    from customer_orders
    cross join as_of
    where {{ utc_date('customer_orders.ordered_at') }} <= as_of.as_of_date

),

cohort_sizes as (

    select
        cohort_month,
        count(distinct customer_id) as cohort_customers

    from in_range
    group by cohort_month

),

active as (

    select
        cohort_month,
        months_since_first_order,
        count(distinct customer_id) as active_customers,
        count(*) as orders

    from in_range
    group by cohort_month, months_since_first_order

),

final as (

    select
        active.cohort_month,
        active.months_since_first_order,
        cohort_sizes.cohort_customers,
        active.active_customers,
        active.orders,
        {{ safe_rate('active.active_customers', 'cohort_sizes.cohort_customers') }} as retention_rate

    from active
    inner join cohort_sizes on active.cohort_month = cohort_sizes.cohort_month

)

select * from final
