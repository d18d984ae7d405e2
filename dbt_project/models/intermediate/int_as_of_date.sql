-- The as-of date every date-dependent model reads: the `as_of_date` var, or else the last day with data.
-- A table, so the raw events are scanned once per build rather than once per model that reads it.
{{ config(materialized='table') }}

with

orders as (

    select ordered_at from {{ ref('stg_thelook__orders') }}

),

events as (

    select event_at from {{ ref('stg_thelook__events') }}

),

last_days as (

    select max({{ utc_date('ordered_at') }}) as last_day from orders
    union all
    select max({{ utc_date('event_at') }}) as last_day from events

),

final as (

    select
        {% if var('as_of_date') %}
            cast('{{ var("as_of_date") }}' as date)
        {% else %}
            max(last_day)
        {% endif %} as as_of_date
    from last_days

)

select * from final
