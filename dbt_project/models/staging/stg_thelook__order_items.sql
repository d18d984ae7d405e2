with

source as (

    select * from {{ raw_source('order_items') }}

),

renamed as (

    select
        ---------- ids
        id as order_item_id,
        order_id,
        user_id as customer_id,
        product_id,
        inventory_item_id,

        ---------- strings
        status as order_item_status,

        ---------- numerics
        sale_price,

        ---------- timestamps
        created_at as item_created_at,
        shipped_at,
        delivered_at,
        returned_at,

        ---------- metadata
        _loaded_at,
        _batch_id

    from source

)

select * from renamed
