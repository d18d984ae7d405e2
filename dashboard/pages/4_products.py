"""Products and stock: return rate, shipping time, margin and inventory aging."""

import streamlit as st

from dashboard.data import query, require

st.title("Products and stock")
require(
    "marts.rpt_returns_by_category_monthly",
    "marts.rpt_shipping_times_by_distribution_center",
    "marts.rpt_product_margins",
    "marts.rpt_inventory_aging_by_category",
)

st.subheader("Return rate by category")
st.caption("Returned items over items that reached the customer (status Complete or Returned).")
returns = query(
    """
    select department, category, sum(delivered_items) as delivered_items, sum(returned_items) as returned_items,
        sum(returned_items)::numeric / nullif(sum(delivered_items), 0) as return_rate
    from marts.rpt_returns_by_category_monthly
    group by department, category
    order by return_rate desc nulls last
    """
)
st.dataframe(returns, hide_index=True, use_container_width=True)

st.subheader("Shipping time by distribution center (days)")
shipping = query(
    """
    select distribution_center_name, shipped_items, avg_days_to_ship, p90_days_to_ship,
        avg_days_to_deliver, p90_days_to_deliver
    from marts.rpt_shipping_times_by_distribution_center
    order by distribution_center_name
    """
)
st.dataframe(shipping, hide_index=True, use_container_width=True)

st.subheader("Most profitable products")
margins = query(
    """
    select product_name, brand, category, units_sold, net_revenue, gross_margin, gross_margin_rate
    from marts.rpt_product_margins
    order by gross_margin desc nulls last
    limit 20
    """
)
st.dataframe(margins, hide_index=True, use_container_width=True)

st.subheader("Inventory aging by category")
aging = query(
    """
    select department, category, sold_units, avg_days_to_sell, unsold_units, avg_unsold_age_days,
        unsold_units_over_90_days, sell_through_rate
    from marts.rpt_inventory_aging_by_category
    order by unsold_units desc
    """
)
st.dataframe(aging, hide_index=True, use_container_width=True)
