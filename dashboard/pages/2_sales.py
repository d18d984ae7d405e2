"""Sales: GMV, AOV and cancellation rate by month, by category and department, and by country."""

import streamlit as st

from dashboard.data import query, require

st.title("Sales")
st.caption("GMV counts every order that was not cancelled; AOV is GMV per such order (see the dbt docs).")
require("marts.rpt_sales_monthly", "marts.rpt_category_sales_monthly", "marts.rpt_country_sales_monthly")

monthly = query(
    "select order_month, orders, gmv, aov, cancellation_rate from marts.rpt_sales_monthly order by order_month"
).set_index("order_month")
st.subheader("GMV per month")
st.bar_chart(monthly[["gmv"]].astype(float))
left, right = st.columns(2)
left.subheader("AOV per month")
left.line_chart(monthly[["aov"]].astype(float))
right.subheader("Cancellation rate per month")
right.line_chart(monthly[["cancellation_rate"]].astype(float))

st.subheader("By category (all months)")
categories = query(
    """
    select department, category, sum(orders) as orders, sum(gmv) as gmv
    from marts.rpt_category_sales_monthly
    group by department, category
    order by gmv desc
    """
)
st.dataframe(categories, hide_index=True, use_container_width=True)

st.subheader("By country (all months)")
countries = query(
    """
    select country, sum(orders) as orders, sum(gmv) as gmv,
        sum(cancelled_orders)::numeric / nullif(sum(orders), 0) as cancellation_rate
    from marts.rpt_country_sales_monthly
    group by country
    order by gmv desc
    """
)
st.dataframe(countries, hide_index=True, use_container_width=True)
