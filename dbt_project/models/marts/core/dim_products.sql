with

products as (

    select * from {{ ref('stg_thelook__products') }}

),

final as (

    select
        ---------- ids
        product_id,
        distribution_center_id,

        ---------- strings
        product_name,
        brand,
        category,
        department,
        sku,

        ---------- numerics
        retail_price,
        cost,
        retail_price - cost as unit_margin,
        {{ safe_rate('retail_price - cost', 'retail_price') }} as unit_margin_rate

    from products

)

select * from final
