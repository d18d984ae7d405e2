with

source as (

    select * from {{ raw_source('inventory_items') }}

),

renamed as (

    select
        ---------- ids
        id as inventory_item_id,
        product_id,
        product_distribution_center_id as distribution_center_id,

        ---------- strings
        product_name,
        product_brand,
        product_category,
        product_department,
        product_sku,

        ---------- numerics
        cost,
        product_retail_price,

        ---------- timestamps
        created_at as stocked_at,
        sold_at,

        ---------- metadata
        _loaded_at,
        _batch_id

    from source

)

select * from renamed
