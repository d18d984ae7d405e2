-- Each customer's GMV orders in order of placement, with the cohort (month of the first GMV order) and the
-- whole calendar months from the cohort month to the order's month.
with

orders as (

    select * from {{ ref('stg_thelook__orders') }}
    where order_status in {{ gmv_statuses() }}

),

sequenced as (

    select
        order_id,
        customer_id,
        ordered_at,
        row_number() over (
            partition by customer_id
            order by ordered_at, order_id
        ) as customer_order_number,
        min(ordered_at) over (partition by customer_id) as first_order_at

    from orders

),

final as (

    select
        order_id,
        customer_id,
        ordered_at,
        customer_order_number,
        customer_order_number = 1 as is_first_order,
        first_order_at,
        {{ utc_month('first_order_at') }} as cohort_month,
        {{ utc_month('ordered_at') }} as order_month,
        {{ months_between(utc_month('first_order_at'), utc_month('ordered_at')) }} as months_since_first_order

    from sequenced

)

select * from final
