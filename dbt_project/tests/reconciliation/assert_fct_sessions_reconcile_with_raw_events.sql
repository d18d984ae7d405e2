-- fct_sessions (incremental) holds exactly the raw sessions, each with all of its events: no session missing,
-- stale (left behind by a regenerated source) or short of events. Returns the sessions that differ.
with

raw_sessions as (

    select
        session_id,
        count(*) as events
    from {{ raw_source('events') }}
    group by session_id

),

mart_sessions as (

    select
        session_id,
        event_count as events
    from {{ ref('fct_sessions') }}

)

select
    coalesce(raw_sessions.session_id, mart_sessions.session_id) as session_id,
    raw_sessions.events as raw_events,
    mart_sessions.events as mart_events
from raw_sessions
full outer join mart_sessions on raw_sessions.session_id = mart_sessions.session_id
where raw_sessions.events is distinct from mart_sessions.events
