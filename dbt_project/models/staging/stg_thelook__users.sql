with

source as (

    select * from {{ raw_source('users') }}

),

renamed as (

    select
        ---------- ids
        id as customer_id,

        ---------- strings
        first_name,
        last_name,
        email,
        gender,
        street_address,
        postal_code,
        -- some exports write a missing city as the literal text 'null'
        nullif(city, 'null') as city,
        state,
        country,
        -- users.traffic_source is the acquisition channel; events.traffic_source is a different value set
        traffic_source as acquisition_channel,
        user_geom as geom_wkt,

        ---------- numerics
        age,
        latitude,
        longitude,

        ---------- timestamps
        created_at as signed_up_at,

        ---------- metadata
        _loaded_at,
        _batch_id

    from source

)

select * from renamed
