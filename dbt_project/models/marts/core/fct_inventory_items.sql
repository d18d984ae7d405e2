with

inventory_items as (

    select * from {{ ref('stg_thelook__inventory_items') }}

),

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

final as (

    select
        ---------- ids
        inventory_items.inventory_item_id,
        inventory_items.product_id,
        inventory_items.distribution_center_id,

        ---------- strings
        inventory_items.product_name,
        inventory_items.product_brand as brand,
        inventory_items.product_category as category,
        inventory_items.product_department as department,

        ---------- numerics
        inventory_items.cost,
        inventory_items.product_retail_price as retail_price,
        -- time in stock before sale, for units sold
        {{ days_between('inventory_items.stocked_at', 'inventory_items.sold_at') }} as days_to_sell,
        -- age of a unit still in stock at the end of the as-of date (NULL when sold by then or stocked later)
        case
            when
                {{ utc_date('inventory_items.stocked_at') }} <= as_of.as_of_date
                and (
                    inventory_items.sold_at is null
                    or {{ utc_date('inventory_items.sold_at') }} > as_of.as_of_date
                )
                then as_of.as_of_date - {{ utc_date('inventory_items.stocked_at') }}
        end as unsold_age_days,

        ---------- booleans
        inventory_items.sold_at is not null as is_sold,

        ---------- dates and timestamps
        inventory_items.stocked_at,
        inventory_items.sold_at,
        inventory_items._loaded_at

    from inventory_items
    cross join as_of

)

select * from final
