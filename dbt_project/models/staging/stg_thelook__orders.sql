with

source as (

    select * from {{ raw_source('orders') }}

),

renamed as (

    select
        ---------- ids
        order_id,
        user_id as customer_id,

        ---------- strings
        status as order_status,
        gender as customer_gender,

        ---------- numerics
        num_of_item as item_count,

        ---------- timestamps
        created_at as ordered_at,
        shipped_at,
        delivered_at,
        returned_at,

        ---------- metadata
        _loaded_at,
        _batch_id

    from source

)

select * from renamed
