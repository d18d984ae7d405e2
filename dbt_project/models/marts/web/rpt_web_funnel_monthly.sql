with

sessions as (

    select * from {{ ref('fct_sessions') }}

),

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

monthly as (

    select
        cast(date_trunc('month', sessions.session_date) as date) as session_month,
        count(*) as sessions,
        count(*) filter (where sessions.reached_home) as home,
        count(*) filter (where sessions.reached_department) as department,
        count(*) filter (where sessions.reached_product) as product,
        count(*) filter (where sessions.reached_cart) as cart,
        count(*) filter (where sessions.reached_purchase) as purchase

    from sessions
    cross join as_of
    where sessions.session_date <= as_of.as_of_date
    group by 1

),

stages as (

    select session_month, sessions, 1 as stage_order, 'home' as funnel_stage, home as stage_sessions from monthly
    union all
    select session_month, sessions, 2, 'department', department from monthly
    union all
    select session_month, sessions, 3, 'product', product from monthly
    union all
    select session_month, sessions, 4, 'cart', cart from monthly
    union all
    select session_month, sessions, 5, 'purchase', purchase from monthly

),

final as (

    select
        session_month,
        stage_order,
        funnel_stage,
        sessions,
        stage_sessions,
        {{ safe_rate('stage_sessions', 'sessions') }} as share_of_sessions,
        {{ safe_rate(
            'stage_sessions',
            'lag(stage_sessions) over (partition by session_month order by stage_order)'
        ) }} as rate_from_previous_stage

    from stages

)

select * from final
