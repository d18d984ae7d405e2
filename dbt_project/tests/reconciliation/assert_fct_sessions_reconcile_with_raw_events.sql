-- fct_sessions (incremental) holds one row per raw session id and every raw event, and no stale session.
with

raw_events as (

    select
        count(distinct session_id) as sessions,
        count(*) as events
    from {{ raw_source('events') }}

),

mart as (

    select
        count(*) as sessions,
        coalesce(sum(event_count), 0) as events
    from {{ ref('fct_sessions') }}

),

stale as (

    select count(*) as stale_sessions
    from {{ ref('fct_sessions') }} as sessions
    where not exists (
            select 1 from {{ raw_source('events', alias='raw_events') }}
            where raw_events.session_id = sessions.session_id
        )

)

select
    raw_events.sessions as raw_sessions,
    mart.sessions as mart_sessions,
    raw_events.events as raw_events,
    mart.events as mart_events,
    stale.stale_sessions
from raw_events
cross join mart
cross join stale
where raw_events.sessions != mart.sessions or raw_events.events != mart.events or stale.stale_sessions > 0
