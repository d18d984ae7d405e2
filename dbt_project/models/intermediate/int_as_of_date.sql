-- The as-of date every date-dependent model reads: the `as_of_date` var, or else the last day with data.
-- A table, so it is computed once per build. It reads created_at of the raw tables (ordered_at and event_at in
-- staging) directly: their indexes answer max() at once, which PostgreSQL cannot do through the staging views.
{{ config(materialized='table') }}

with

last_days as (

    select {{ utc_date('max(created_at)') }} as last_day from {{ raw_source('orders') }}
    union all
    select {{ utc_date('max(created_at)') }} as last_day from {{ raw_source('events') }}

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
