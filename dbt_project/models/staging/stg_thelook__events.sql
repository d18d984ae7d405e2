with

source as (

    select * from {{ raw_source('events') }}

),

renamed as (

    select
        ---------- ids
        id as event_id,
        session_id,
        -- NULL for anonymous ("ghost") sessions
        user_id as customer_id,
        -- events carry no product_id column; product pages name it in the uri (/product/<id>); the cheap
        -- event_type test comes first so the pattern is matched on product pages only
        case
            when event_type = 'product' and uri ~ '^/product/[0-9]+$' then cast(split_part(uri, '/', 3) as bigint)
        end as product_id,

        ---------- strings
        event_type,
        uri as page_uri,
        traffic_source,
        browser,
        ip_address,
        city,
        state,
        postal_code,

        ---------- numerics
        sequence_number,

        ---------- timestamps
        created_at as event_at,

        ---------- metadata
        _loaded_at,
        _batch_id

    from source

)

select * from renamed
