"""Web: session conversion, cart abandonment, traffic sources and the purchase funnel."""

import streamlit as st

from dashboard.data import query, require

st.title("Web")
st.caption("Sessions include anonymous ones (no user id); conversion is purchase sessions over all sessions.")
require("marts.rpt_traffic_sources_monthly", "marts.rpt_web_funnel_monthly")

sources = query(
    """
    select traffic_source, sum(sessions) as sessions, sum(purchase_sessions) as purchase_sessions,
        sum(purchase_sessions)::numeric / nullif(sum(sessions), 0) as session_conversion_rate,
        sum(abandoned_cart_sessions)::numeric / nullif(sum(cart_sessions), 0) as cart_abandonment_rate,
        sum(attributed_revenue) as attributed_revenue,
        sum(attributed_revenue) / nullif(sum(sessions), 0) as revenue_per_session
    from marts.rpt_traffic_sources_monthly
    group by traffic_source
    order by sessions desc
    """
)
st.subheader("Traffic sources")
st.dataframe(sources, hide_index=True, use_container_width=True)

funnel = query(
    """
    select stage_order, funnel_stage, sum(sessions_with_stage_event) as sessions
    from marts.rpt_web_funnel_monthly
    group by stage_order, funnel_stage
    order by stage_order
    """
)
st.subheader("Funnel: home -> department -> product -> cart -> purchase")
st.bar_chart(funnel.set_index("funnel_stage")[["sessions"]].astype(float), horizontal=True)
