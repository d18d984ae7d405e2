"""Daily KPIs: the latest complete day against the day before, and the trend over a chosen window."""

import datetime as dt

import streamlit as st

from dashboard.data import missing_relations, query, require

st.title("Daily KPIs")
require("marts.rpt_kpis_daily")

kpis = query(
    """
    select date_day, orders, items_sold, gmv, aov, cancelled_orders, cancellation_rate
    from marts.rpt_kpis_daily
    order by date_day
    """
)
if kpis.empty:
    st.info("The KPI model is empty: load some data with `thelook run`.")
    st.stop()

# The last day in the data is still in progress, so the headline shows the day before it.
complete = kpis.iloc[:-1] if len(kpis) > 1 else kpis
latest, previous = complete.iloc[-1], complete.iloc[-2] if len(complete) > 1 else complete.iloc[-1]
st.caption(f"Latest complete day: {latest['date_day']:%Y-%m-%d} (compared with the day before)")


def delta(column: str) -> float:
    return float(latest[column]) - float(previous[column])


gmv, orders, aov, cancellation = st.columns(4)
gmv.metric("GMV", f"${float(latest['gmv']):,.2f}", f"{delta('gmv'):+,.2f}")
orders.metric("Orders", f"{int(latest['orders']):,}", f"{int(delta('orders')):+,}")
aov.metric("AOV", f"${float(latest['aov'] or 0):,.2f}", f"{delta('aov') if latest['aov'] else 0:+,.2f}")
cancellation.metric(
    "Cancellation rate",
    f"{float(latest['cancellation_rate'] or 0):.1%}",
    f"{100 * (float(latest['cancellation_rate'] or 0) - float(previous['cancellation_rate'] or 0)):+.1f} pts",
    delta_color="inverse",
)

last_day = latest["date_day"]
window = st.slider("Days shown", min_value=7, max_value=365, value=90, step=7)
shown = complete[complete["date_day"] > last_day - dt.timedelta(days=window)].set_index("date_day")
st.subheader("GMV and orders per day")
st.line_chart(shown[["gmv"]].astype(float))
st.bar_chart(shown[["orders", "cancelled_orders"]].astype(float))

if not missing_relations("enrichment.daily_summaries"):
    summary = query(
        "select summary, model from enrichment.daily_summaries where summary_date = %s",
        (last_day,),
    )
    if not summary.empty:
        st.subheader("Summary of the day")
        st.write(summary.iloc[0]["summary"])
        st.caption(f"written by: {summary.iloc[0]['model']}")

with st.expander("Daily figures"):
    st.dataframe(shown.sort_index(ascending=False), use_container_width=True)
