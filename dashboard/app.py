"""The theLook dashboard: KPI overview, one page per metric area, and a chatbot over the enriched data."""

import streamlit as st

import thelook  # noqa: F401  (environment defaults: telemetry off, offline models)

st.set_page_config(page_title="theLook analytics", layout="wide")

pages = [
    st.Page("pages/1_kpis.py", title="Daily KPIs", default=True),
]
st.navigation(pages).run()
