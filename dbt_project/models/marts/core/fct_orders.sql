with

orders as (

    select * from {{ ref('stg_thelook__orders') }}

),

item_totals as (

    select * from {{ ref('int_order_items_aggregated_to_orders') }}

),

sequence as (

    select * from {{ ref('int_orders_sequenced_by_customer') }}

),

flagged as (

    select
        orders.*,
        orders.order_status = 'Cancelled' as is_cancelled,
        orders.order_status = 'Returned' as is_returned,
        orders.order_status in {{ gmv_statuses() }} as counts_in_gmv,
        orders.order_status in {{ net_sales_statuses() }} as counts_in_net_sales,
        -- theLook has no 'Delivered' status: an order reached the customer when it has a delivery time,
        -- which the generator sets for Complete and Returned orders only
        orders.delivered_at is not null as reached_customer

    from orders

),

final as (

    select
        ---------- ids
        flagged.order_id,
        flagged.customer_id,

        ---------- strings
        flagged.order_status,
        flagged.customer_gender,

        ---------- numerics
        flagged.item_count,
        coalesce(item_totals.order_item_count, 0) as order_item_count,
        coalesce(item_totals.order_revenue, 0) as order_revenue,
        case when flagged.counts_in_gmv then coalesce(item_totals.order_revenue, 0) else 0 end as gmv,
        case when flagged.counts_in_net_sales then coalesce(item_totals.order_revenue, 0) else 0 end as net_revenue,
        sequence.customer_order_number,
        {{ days_between('flagged.ordered_at', 'flagged.shipped_at') }} as days_to_ship,
        {{ days_between('flagged.shipped_at', 'flagged.delivered_at') }} as days_to_deliver,
        {{ days_between('flagged.delivered_at', 'flagged.returned_at') }} as days_to_return,

        ---------- booleans
        flagged.is_cancelled,
        flagged.is_returned,
        flagged.counts_in_gmv,
        flagged.counts_in_net_sales,
        flagged.reached_customer,
        coalesce(sequence.is_first_order, false) as is_first_order,

        ---------- dates and timestamps
        flagged.ordered_at,
        {{ utc_date('flagged.ordered_at') }} as order_date,
        {{ utc_month('flagged.ordered_at') }} as order_month,
        flagged.shipped_at,
        flagged.delivered_at,
        flagged.returned_at,
        flagged._loaded_at

    from flagged
    left join item_totals on flagged.order_id = item_totals.order_id
    left join sequence on flagged.order_id = sequence.order_id

)

select * from final
