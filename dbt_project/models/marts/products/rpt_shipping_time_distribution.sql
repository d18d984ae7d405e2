with

orders as (

    select * from {{ ref('fct_orders') }}

),

stages as (

    select
        'ordered_to_shipped' as fulfilment_stage,
        1 as stage_order,
        days_to_ship as elapsed_days
    from orders
    where days_to_ship is not null

    union all

    select
        'shipped_to_delivered' as fulfilment_stage,
        2 as stage_order,
        days_to_deliver as elapsed_days
    from orders
    where days_to_deliver is not null

),

bucketed as (

    select
        fulfilment_stage,
        stage_order,
        -- whole days elapsed: bucket 0 is under 24 hours
        cast(floor(elapsed_days) as int) as elapsed_whole_days,
        count(*) as orders

    from stages
    group by 1, 2, 3

),

final as (

    select
        fulfilment_stage,
        stage_order,
        elapsed_whole_days,
        orders,
        {{ safe_rate('orders', 'sum(orders) over (partition by fulfilment_stage)') }} as share_of_orders

    from bucketed

)

select * from final
