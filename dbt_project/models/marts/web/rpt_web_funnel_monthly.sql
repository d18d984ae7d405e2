-- Incremental: each run rebuilds the months from the first one that can have changed
-- (macros/incremental_rollups.sql).
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='append_new_columns',
        pre_hook="{{ delete_rollup_tail('session_month', [(ref('fct_sessions'), 'session_date')], grain='month') }}",
    )
}}

with

sessions as (

    select * from {{ ref('fct_sessions') }}
    where cast(date_trunc('month', session_date) as date) > {{ rollup_built_after('session_month') }}

),

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

session_depths as (

    -- the deepest funnel stage a session reached; anonymous sessions that start on a product page still count
    -- for every stage up to their deepest, so the funnel narrows monotonically
    select
        cast(date_trunc('month', sessions.session_date) as date) as session_month,
        sessions.reached_home,
        sessions.reached_department,
        sessions.reached_product,
        sessions.reached_cart,
        sessions.reached_purchase,
        case
            when sessions.reached_purchase then 5
            when sessions.reached_cart then 4
            when sessions.reached_product then 3
            when sessions.reached_department then 2
            when sessions.reached_home then 1
            else 0
        end as deepest_stage,
        sessions._loaded_at

    from sessions
    cross join as_of
    where sessions.session_date <= as_of.as_of_date

),

monthly as (

    select
        session_month,
        count(*) as sessions,
        count(*) filter (where deepest_stage >= 1) as deep_home,
        count(*) filter (where deepest_stage >= 2) as deep_department,
        count(*) filter (where deepest_stage >= 3) as deep_product,
        count(*) filter (where deepest_stage >= 4) as deep_cart,
        count(*) filter (where deepest_stage >= 5) as deep_purchase,
        count(*) filter (where reached_home) as with_home,
        count(*) filter (where reached_department) as with_department,
        count(*) filter (where reached_product) as with_product,
        count(*) filter (where reached_cart) as with_cart,
        count(*) filter (where reached_purchase) as with_purchase,
        max(_loaded_at) as _loaded_at

    from session_depths
    group by session_month

),

stages as (

    select
        monthly.session_month,
        monthly.sessions,
        stage_list.stage_order,
        stage_list.funnel_stage,
        stage_list.stage_sessions,
        stage_list.sessions_with_stage_event,
        monthly._loaded_at

    from monthly
    cross join lateral (
        values
        (1, 'home', monthly.deep_home, monthly.with_home),
        (2, 'department', monthly.deep_department, monthly.with_department),
        (3, 'product', monthly.deep_product, monthly.with_product),
        (4, 'cart', monthly.deep_cart, monthly.with_cart),
        (5, 'purchase', monthly.deep_purchase, monthly.with_purchase)
    ) as stage_list (stage_order, funnel_stage, stage_sessions, sessions_with_stage_event)

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
        ) }} as rate_from_previous_stage,
        _loaded_at

    from stages

)

select * from final
