with

order_items as (

    select * from {{ ref('fct_order_items') }}
    where shipped_at is not null

),

orders as (

    select
        order_id,
        days_to_ship,
        days_to_deliver
    from {{ ref('fct_orders') }}

),

distribution_centers as (

    select * from {{ ref('dim_distribution_centers') }}

),

timed as (

    -- items ship with their order, so an item's times are its order's
    select
        order_items.distribution_center_id,
        orders.days_to_ship,
        orders.days_to_deliver

    from order_items
    inner join orders on order_items.order_id = orders.order_id

),

aggregated as (

    select
        distribution_center_id,
        count(*) as shipped_items,
        count(days_to_deliver) as delivered_items,
        avg(days_to_ship) as avg_days_to_ship,
        percentile_cont(0.5) within group (
            order by days_to_ship
        ) as median_days_to_ship,
        percentile_cont(0.9) within group (
            order by days_to_ship
        ) as p90_days_to_ship,
        max(days_to_ship) as max_days_to_ship,
        avg(days_to_deliver) as avg_days_to_deliver,
        percentile_cont(0.5) within group (
            order by days_to_deliver
        ) as median_days_to_deliver,
        percentile_cont(0.9) within group (
            order by days_to_deliver
        ) as p90_days_to_deliver,
        max(days_to_deliver) as max_days_to_deliver

    from timed
    group by distribution_center_id

),

final as (

    select
        aggregated.distribution_center_id,
        distribution_centers.distribution_center_name,
        aggregated.shipped_items,
        aggregated.delivered_items,
        round(aggregated.avg_days_to_ship, 2) as avg_days_to_ship,
        round(cast(aggregated.median_days_to_ship as numeric), 2) as median_days_to_ship,
        round(cast(aggregated.p90_days_to_ship as numeric), 2) as p90_days_to_ship,
        round(aggregated.max_days_to_ship, 2) as max_days_to_ship,
        round(aggregated.avg_days_to_deliver, 2) as avg_days_to_deliver,
        round(cast(aggregated.median_days_to_deliver as numeric), 2) as median_days_to_deliver,
        round(cast(aggregated.p90_days_to_deliver as numeric), 2) as p90_days_to_deliver,
        round(aggregated.max_days_to_deliver, 2) as max_days_to_deliver

    from aggregated
    left join distribution_centers
        on aggregated.distribution_center_id = distribution_centers.distribution_center_id

)

select * from final
