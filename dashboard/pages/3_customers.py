"""Customers: lifetime value, monthly cohort retention, RFM segments, new against returning."""

import streamlit as st

from dashboard.data import query, require

st.title("Customers")
require("marts.rpt_rfm_segments", "marts.rpt_cohort_retention_monthly", "marts.rpt_new_vs_returning_monthly")

st.subheader("RFM segments")
segments = query(
    """
    select rfm_segment, customers, share_of_customers, avg_recency_days, avg_frequency, avg_lifetime_value
    from marts.rpt_rfm_segments
    order by customers desc
    """
)
st.dataframe(segments, hide_index=True, use_container_width=True)

st.subheader("Monthly cohort retention")
st.caption("Share of each first-order cohort that ordered again N months after its first order.")
cohorts = query(
    """
    select cohort_month, months_since_first_order, retention_rate
    from marts.rpt_cohort_retention_monthly
    where months_since_first_order <= 12
    order by cohort_month, months_since_first_order
    """
)
if not cohorts.empty:
    grid = cohorts.pivot(index="cohort_month", columns="months_since_first_order", values="retention_rate")
    st.dataframe(grid.astype(float).style.format("{:.1%}", na_rep=""), use_container_width=True)

st.subheader("New against returning customers")
mix = query(
    """
    select order_month, new_share_of_orders, returning_share_of_orders, new_share_of_gmv, returning_share_of_gmv
    from marts.rpt_new_vs_returning_monthly
    order by order_month
    """
).set_index("order_month")
st.area_chart(mix[["new_share_of_orders", "returning_share_of_orders"]].astype(float))

st.subheader("Top customers by lifetime value")
top = query(
    """
    select customer_id, country, acquisition_channel, lifetime_orders, lifetime_value
    from marts.dim_customers
    order by lifetime_value desc nulls last
    limit 20
    """
)
st.dataframe(top, hide_index=True, use_container_width=True)
