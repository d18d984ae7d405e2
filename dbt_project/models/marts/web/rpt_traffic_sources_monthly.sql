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

monthly as (

    select
        cast(date_trunc('month', sessions.session_date) as date) as session_month,
        sessions.traffic_source,
        count(*) as sessions,
        count(*) filter (where sessions.is_anonymous) as anonymous_sessions,
        count(*) filter (where sessions.is_purchase_session) as purchase_sessions,
        count(*) filter (where sessions.reached_cart) as cart_sessions,
        count(*) filter (where sessions.is_cart_abandoned) as abandoned_cart_sessions,
        sum(sessions.attributed_revenue) as attributed_revenue,
        max(sessions._loaded_at) as _loaded_at

    from sessions
    cross join as_of
    where sessions.session_date <= as_of.as_of_date
    group by 1, 2

),

final as (

    select
        session_month,
        traffic_source,
        sessions,
        anonymous_sessions,
        purchase_sessions,
        {{ safe_rate('purchase_sessions', 'sessions') }} as session_conversion_rate,
        {{ safe_rate('purchase_sessions', 'sessions - anonymous_sessions') }} as identified_conversion_rate,
        cart_sessions,
        abandoned_cart_sessions,
        {{ safe_rate('abandoned_cart_sessions', 'cart_sessions') }} as cart_abandonment_rate,
        {{ money('attributed_revenue') }} as attributed_revenue,
        {{ money('attributed_revenue / nullif(sessions, 0)') }} as revenue_per_session,
        _loaded_at

    from monthly

)

select * from final
