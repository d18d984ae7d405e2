-- Incremental (merge on the key, which a unique index serves).
{{
    config(
        materialized='incremental',
        unique_key='order_item_id',
        indexes=[{'columns': ['order_item_id'], 'unique': True}],
        incremental_strategy='merge',
        on_schema_change='append_new_columns',
    )
}}

with

order_items as (

    select * from {{ ref('stg_thelook__order_items') }}
    {% if is_incremental() %}
        -- order status changes for a few days after creation, so the re-read window is merged again
        where {{ incremental_window('item_created_at', 'item_created_at') }}
    {% endif %}

),

orders as (

    select * from {{ ref('stg_thelook__orders') }}

),

products as (

    select * from {{ ref('stg_thelook__products') }}

),

joined as (

    select
        order_items.*,
        -- theLook copies the order's status onto its items; the order is authoritative where both are loaded
        coalesce(orders.order_status, order_items.order_item_status) as order_status,
        orders.ordered_at,
        products.category,
        products.department,
        products.brand,
        products.distribution_center_id,
        products.cost

    from order_items
    left join orders on order_items.order_id = orders.order_id
    left join products on order_items.product_id = products.product_id

),

final as (

    select
        ---------- ids
        order_item_id,
        order_id,
        customer_id,
        product_id,
        inventory_item_id,
        distribution_center_id,

        ---------- strings
        order_status,
        category,
        department,
        brand,

        ---------- numerics
        sale_price,
        cost,
        sale_price - cost as gross_margin,

        ---------- booleans
        order_status = 'Cancelled' as is_cancelled,
        order_status = 'Returned' as is_returned,
        order_status in {{ gmv_statuses() }} as counts_in_gmv,
        order_status in {{ net_sales_statuses() }} as counts_in_net_sales,
        delivered_at is not null as reached_customer,

        ---------- dates and timestamps
        -- items are dated by their order, so item rollups reconcile with order rollups; an item whose order is
        -- not loaded falls back to its own creation time
        coalesce(ordered_at, item_created_at) as ordered_at,
        {{ utc_date('coalesce(ordered_at, item_created_at)') }} as order_date,
        item_created_at,
        shipped_at,
        delivered_at,
        returned_at,
        _loaded_at

    from joined

)

select * from final
