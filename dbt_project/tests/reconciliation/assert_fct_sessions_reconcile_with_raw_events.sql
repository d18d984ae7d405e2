-- fct_sessions (incremental) holds exactly the raw sessions, each with all of its events: no session missing,
-- stale (left behind by a regenerated source) or short of events. Returns the sessions that differ.
-- Daily builds compare the sessions started in the last `lookback_days` (reading one more day of events, as
-- fct_sessions does, gives each of them whole); `--full-refresh` builds compare every session.
{%- set daily = not flags.FULL_REFRESH and execute %}
{%- if daily -%}
    {#- the window's start as a literal, so the planner reads the raw events by their created_at index -#}
    {%- set start = run_query(
        "select max(created_at) - make_interval(days => " ~ var('lookback_days') ~ ") from "
        ~ raw_source('events')
    ).columns[0].values()[0] -%}
    {%- set window_start = "cast('" ~ (start if start is not none else '-infinity') ~ "' as timestamptz)" -%}
{%- endif %}

with

raw_sessions as (

    select
        session_id,
        count(*) as events
    from {{ raw_source('events') }}
    {% if daily %}
        where created_at >= {{ window_start }} - interval '1 day'
    {% endif %}
    group by session_id
    {% if daily %}
        having min(created_at) >= {{ window_start }}
    {% endif %}

),

mart_sessions as (

    select
        session_id,
        event_count as events
    from {{ ref('fct_sessions') }}
    {% if daily %}
        where session_started_at >= {{ window_start }}
    {% endif %}

)

select
    coalesce(raw_sessions.session_id, mart_sessions.session_id) as session_id,
    raw_sessions.events as raw_events,
    mart_sessions.events as mart_events
from raw_sessions
full outer join mart_sessions on raw_sessions.session_id = mart_sessions.session_id
where raw_sessions.events is distinct from mart_sessions.events
