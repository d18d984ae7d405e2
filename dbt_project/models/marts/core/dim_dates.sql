with

first_days as (

    -- created_at of the raw tables (ordered_at and event_at in staging): their indexes answer min() at once, which
    -- PostgreSQL cannot do through the staging views
    select {{ utc_date('min(created_at)') }} as first_day from {{ raw_source('orders') }}
    union all
    select {{ utc_date('min(created_at)') }} as first_day from {{ raw_source('events') }}

),

bounds as (

    select
        (select min(first_day) from first_days) as first_day,
        (select as_of_date from {{ ref('int_as_of_date') }}) as last_day

),

spine as (

    select cast(generate_series(first_day, last_day, interval '1 day') as date) as date_day
    from bounds

),

final as (

    select
        date_day,
        cast(date_trunc('week', date_day) as date) as week_start,
        cast(date_trunc('month', date_day) as date) as month_start,
        cast(extract(year from date_day) as int) as calendar_year,
        cast(extract(month from date_day) as int) as calendar_month,
        cast(extract(isodow from date_day) as int) as iso_day_of_week,
        extract(isodow from date_day) in (6, 7) as is_weekend

    from spine

)

select * from final
