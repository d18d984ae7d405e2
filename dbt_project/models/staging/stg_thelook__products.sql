with

source as (

    select * from {{ raw_source('products') }}

),

renamed as (

    select
        ---------- ids
        id as product_id,
        distribution_center_id,

        ---------- strings
        name as product_name,
        brand,
        category,
        department,
        sku,

        ---------- numerics
        retail_price,
        cost,

        ---------- metadata
        _loaded_at,
        _batch_id

    from source

)

select * from renamed
