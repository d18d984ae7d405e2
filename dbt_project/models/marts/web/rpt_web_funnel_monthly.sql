with

sessions as (

    select * from {{ ref('fct_sessions') }}

),

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

stage_names as (

    select *
    from (
        values
        (1, 'home'),
        (2, 'department'),
        (3, 'product'),
        (4, 'cart'),
        (5, 'purchase')
    ) as stage_list (stage_order, funnel_stage)

),

session_depths as (

    -- the deepest funnel stage a session reached; anonymous sessions that start on a product page still count
    -- for every stage up to their deepest, so the funnel narrows monotonically
    select
        cast(date_trunc('month', sessions.session_date) as date) as session_month,
        case
            when sessions.reached_purchase then 5
            when sessions.reached_cart then 4
            when sessions.reached_product then 3
            when sessions.reached_department then 2
            when sessions.reached_home then 1
            else 0
        end as deepest_stage,
        array_remove(array[
            case when sessions.reached_home then 1 end,
            case when sessions.reached_department then 2 end,
            case when sessions.reached_product then 3 end,
            case when sessions.reached_cart then 4 end,
            case when sessions.reached_purchase then 5 end
        ], null) as visited_stages

    from sessions
    cross join as_of
    where sessions.session_date <= as_of.as_of_date

),

stages as (

    select
        session_depths.session_month,
        stage_names.stage_order,
        stage_names.funnel_stage,
        count(*) as sessions,
        count(*) filter (where session_depths.deepest_stage >= stage_names.stage_order) as stage_sessions,
        count(*) filter (
            where stage_names.stage_order = any(session_depths.visited_stages)
        ) as sessions_with_stage_event

    from session_depths
    cross join stage_names
    group by 1, 2, 3

),

final as (

    select
        session_month,
        stage_order,
        funnel_stage,
        sessions,
        stage_sessions,
        sessions_with_stage_event,
        {{ safe_rate('stage_sessions', 'sessions') }} as share_of_sessions,
        {{ safe_rate(
            'stage_sessions',
            'lag(stage_sessions) over (partition by session_month order by stage_order)'
        ) }} as rate_from_previous_stage

    from stages

)

select * from final
