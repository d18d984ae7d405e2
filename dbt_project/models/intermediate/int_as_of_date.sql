-- The as-of date every date-dependent model reads: the `as_of_date` var, or else the last day with data.
-- A table, so it is computed once per build rather than once per model that reads it.
{{ config(materialized='table') }}

with

orders as (

    select ordered_at from {{ ref('stg_thelook__orders') }}

),

events as (

    select event_at from {{ ref('stg_thelook__events') }}

),

last_days as (

    -- the day of the newest timestamp (not the newest day of every timestamp), so the raw indexes on created_at
    -- answer it without a scan
    select {{ utc_date('max(ordered_at)') }} as last_day from orders
    union all
    select {{ utc_date('max(event_at)') }} as last_day from events

),

final as (

    -- one row: the var when it is set, else the last day
    select
        coalesce(
            {% if var('as_of_date') %}cast('{{ var("as_of_date") }}' as date){% else %}null{% endif %},
            max(last_day)
        ) as as_of_date
    from last_days

)

select * from final
