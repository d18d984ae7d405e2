-- Incremental (merge on the key, which a unique index serves).
{{
    config(
        materialized='incremental',
        unique_key='session_id',
        indexes=[{'columns': ['session_id'], 'unique': True}],
        incremental_strategy='merge',
        on_schema_change='append_new_columns',
    )
}}

with

events as (

    select * from {{ ref('stg_thelook__events') }}
    {% if is_incremental() %}
        -- Rebuild every session that has an event in the re-read window, from all of its events. A theLook session
        -- lasts minutes, so reading one more day before the window gives every such session whole; a single range
        -- filter on the raw table is far cheaper than looking the sessions up again.
        where {{ incremental_window('event_at', 'session_started_at', 'events_lookback_days', extra_days=1) }}
    {% endif %}

),

products as (

    select
        product_id,
        retail_price
    from {{ ref('stg_thelook__products') }}

),

sessions as (

    select
        session_id,
        -- a session belongs to one visitor; anonymous sessions have no customer
        max(customer_id) as customer_id,
        min(event_at) as session_started_at,
        max(event_at) as session_ended_at,
        count(*) as event_count,
        count(*) filter (where event_type = 'product') as product_views,
        count(*) filter (where event_type = 'cart') as cart_adds,
        bool_or(event_type = 'home') as reached_home,
        bool_or(event_type = 'department') as reached_department,
        bool_or(event_type = 'product') as reached_product,
        bool_or(event_type = 'cart') as reached_cart,
        bool_or(event_type = 'purchase') as reached_purchase,
        bool_or(event_type = 'cancel') as reached_cancel,
        -- traffic source and browser are drawn once per session; the first event's values are the session's
        (array_agg(
            traffic_source
            order by sequence_number, event_at, event_id
        ))[1] as traffic_source,
        (array_agg(
            browser
            order by sequence_number, event_at, event_id
        ))[1] as browser,
        (array_agg(
            event_type
            order by sequence_number, event_at, event_id
        ))[1] as landing_event_type,
        (array_agg(
            event_type
            order by sequence_number desc, event_at desc, event_id desc
        ))[1] as exit_event_type,
        max(_loaded_at) as _loaded_at

    from events
    group by session_id
    {% if is_incremental() %}
        -- sessions that only began in the extra day are complete already and are left as they are
        having {{ incremental_window(
            'max(event_at)', 'session_started_at', 'events_lookback_days', loaded_at_column='max(_loaded_at)'
        ) }}
    {% endif %}

),

purchased_products as (

    -- theLook has no order id on events: in a session that ends in a purchase every product page is a unit
    -- bought at its retail price (there are no discounts), which attributes revenue to the session
    select
        events.session_id,
        -- summed as numeric, so the total does not depend on the order rows are added in
        round(sum(cast(products.retail_price as numeric)), 2) as attributed_revenue

    from events
    inner join products on events.product_id = products.product_id
    where events.event_type = 'product'
    group by events.session_id

),

final as (

    select
        ---------- ids
        sessions.session_id,
        sessions.customer_id,

        ---------- strings
        sessions.traffic_source,
        sessions.browser,
        sessions.landing_event_type,
        sessions.exit_event_type,

        ---------- numerics
        sessions.event_count,
        sessions.product_views,
        sessions.cart_adds,
        case
            when sessions.reached_purchase then coalesce(purchased_products.attributed_revenue, 0) else 0
        end as attributed_revenue,
        round(
            cast(extract(epoch from (sessions.session_ended_at - sessions.session_started_at)) / 60.0 as numeric), 2
        ) as duration_minutes,

        ---------- booleans
        sessions.customer_id is null as is_anonymous,
        sessions.reached_home,
        sessions.reached_department,
        sessions.reached_product,
        sessions.reached_cart,
        sessions.reached_purchase,
        sessions.reached_cancel,
        sessions.reached_purchase as is_purchase_session,
        sessions.reached_cart and not sessions.reached_purchase as is_cart_abandoned,

        ---------- dates and timestamps
        sessions.session_started_at,
        sessions.session_ended_at,
        {{ utc_date('sessions.session_started_at') }} as session_date,
        sessions._loaded_at

    from sessions
    left join purchased_products on sessions.session_id = purchased_products.session_id

)

select * from final
