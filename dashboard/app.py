"""The theLook dashboard: KPI overview, one page per metric area, and a chatbot over the enriched data."""

import streamlit as st

import thelook  # noqa: F401  (environment defaults: telemetry off, offline models)

st.set_page_config(page_title="theLook analytics", layout="wide")

pages = [
    st.Page("pages/1_kpis.py", title="Daily KPIs", default=True),
    st.Page("pages/2_sales.py", title="Sales"),
    st.Page("pages/3_customers.py", title="Customers"),
    st.Page("pages/4_products.py", title="Products and stock"),
    st.Page("pages/5_web.py", title="Web"),
    st.Page("pages/9_ask.py", title="Ask the data"),
]
st.navigation(pages).run()
