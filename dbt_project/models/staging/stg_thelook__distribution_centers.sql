with

source as (

    select * from {{ raw_source('distribution_centers') }}

),

renamed as (

    select
        ---------- ids
        id as distribution_center_id,

        ---------- strings
        name as distribution_center_name,
        distribution_center_geom as geom_wkt,

        ---------- numerics
        latitude,
        longitude,

        ---------- metadata
        _loaded_at,
        _batch_id

    from source

)

select * from renamed
