"""dbt build on a small synthetic theLook: every test passes, marts reconcile with raw, incremental = full refresh."""

from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from dbt_helpers import failures, module_database, rows, scalar, statuses, warnings

from thelook.dbt import docs_target, run_dbt

pytestmark = pytest.mark.slow

FIRST_DAY = date(2025, 1, 20)
NEXT_DAY = date(2025, 1, 21)
SCALE = 0.01


def load(day: date) -> Any:
    from loader import load_tables

    report = load_tables(source="synthetic", scale=SCALE, as_of=day, progress=False)
    assert report.ok, report.summary()
    return report


@pytest.fixture(scope="module")
def built(pg_server: str) -> Iterator[dict[str, Any]]:
    """Synthetic data loaded as of FIRST_DAY and built once for the module."""
    with module_database(pg_server) as url:
        load(FIRST_DAY)
        result = run_dbt(["build"], raise_on_failure=False)
        yield {"url": url, "result": result}


def test_build_passes_every_model_and_test(built: dict[str, Any]) -> None:
    result = built["result"]
    assert failures(result) == []
    assert warnings(result) == []
    kinds = {unique_id.split(".")[0] for unique_id in statuses(result)}
    assert {"model", "test", "unit_test"} <= kinds


def test_marts_reconcile_with_raw(built: dict[str, Any]) -> None:
    url = built["url"]
    raw_orders = scalar(url, "select count(*) from raw_thelook.orders")
    raw_items = scalar(url, "select count(*) from raw_thelook.order_items")
    raw_revenue = scalar(url, "select sum(sale_price) from raw_thelook.order_items")
    assert raw_orders > 100 and raw_items > raw_orders
    assert scalar(url, "select count(*) from marts.fct_orders") == raw_orders
    assert scalar(url, "select sum(order_item_count) from marts.fct_orders") == raw_items
    assert scalar(url, "select count(*) from marts.fct_order_items") == raw_items
    assert scalar(url, "select sum(order_revenue) from marts.fct_orders") == pytest.approx(raw_revenue)
    assert scalar(url, "select sum(orders) from marts.rpt_kpis_daily") == raw_orders
    raw_sessions = scalar(url, "select count(distinct session_id) from raw_thelook.events")
    assert scalar(url, "select sum(sessions) from marts.rpt_kpis_daily") == raw_sessions


def test_gmv_and_aov_follow_their_definitions(built: dict[str, Any]) -> None:
    url = built["url"]
    raw_gmv = scalar(
        url,
        """
        select sum(items.sale_price)
        from raw_thelook.order_items as items
        join raw_thelook.orders as orders using (order_id)
        where orders.status <> 'Cancelled'
        """,
    )
    assert float(scalar(url, "select sum(gmv) from marts.rpt_kpis_daily")) == pytest.approx(raw_gmv, abs=1.0)
    assert float(scalar(url, "select sum(gmv) from marts.rpt_category_sales_daily")) == pytest.approx(raw_gmv, abs=1.0)
    for gmv, gmv_orders, aov in rows(url, "select gmv, gmv_orders, aov from marts.rpt_sales_monthly"):
        if gmv_orders:
            assert float(aov) == pytest.approx(float(gmv) / gmv_orders, abs=0.01)
    raw_cancel_rate = scalar(url, "select avg((status = 'Cancelled')::int) from raw_thelook.orders")
    kpi_cancel_rate = scalar(url, "select sum(cancelled_orders)::float / sum(orders) from marts.rpt_kpis_daily")
    assert kpi_cancel_rate == pytest.approx(float(raw_cancel_rate))


def test_return_rate_counts_what_reached_the_customer(built: dict[str, Any]) -> None:
    url = built["url"]
    delivered, returned = rows(
        url,
        """
        select count(*) filter (where status in ('Complete', 'Returned')), count(*) filter (where status = 'Returned')
        from raw_thelook.order_items
        """,
    )[0]
    mart = rows(url, "select sum(delivered_items), sum(returned_items) from marts.rpt_returns_by_category_monthly")
    assert mart[0] == (delivered, returned)


def test_customer_metrics_are_consistent(built: dict[str, Any]) -> None:
    url = built["url"]
    buyers = scalar(url, "select count(*) from marts.dim_customers where is_buyer")
    assert scalar(url, "select count(*) from marts.rpt_customer_rfm_scores") == buyers
    assert scalar(url, "select sum(customers) from marts.rpt_rfm_segments") == buyers
    first_orders = scalar(url, "select sum(new_customer_orders) from marts.rpt_new_vs_returning_monthly")
    assert first_orders == buyers
    cohort_sizes = scalar(
        url, "select sum(cohort_customers) from marts.rpt_cohort_retention_monthly where months_since_first_order = 0"
    )
    assert cohort_sizes == buyers


def test_funnel_narrows_and_sessions_match_the_generator(built: dict[str, Any]) -> None:
    url = built["url"]
    funnel = rows(
        url,
        "select funnel_stage, sum(stage_sessions) from marts.rpt_web_funnel_monthly group by 1, stage_order "
        "order by stage_order",
    )
    counts = [count for _, count in funnel]
    assert [stage for stage, _ in funnel] == ["home", "department", "product", "cart", "purchase"]
    assert counts == sorted(counts, reverse=True)
    purchase_sessions = scalar(url, "select sum(purchase_sessions) from marts.rpt_kpis_daily")
    raw_purchases = scalar(
        url, "select count(distinct session_id) from raw_thelook.events where event_type = 'purchase'"
    )
    assert purchase_sessions == raw_purchases
    assert scalar(url, "select count(*) from marts.fct_sessions where is_purchase_session and is_anonymous") == 0


ORDER_ITEMS_FINGERPRINT = """
    select count(*), md5(string_agg(order_items::text, '|' order by order_item_id))
    from marts.fct_order_items as order_items
"""
SESSIONS_FINGERPRINT = """
    select count(*), md5(string_agg(sessions::text, '|' order by session_id))
    from marts.fct_sessions as sessions
"""


def _fingerprint(url: str) -> tuple[Any, ...]:
    return rows(url, ORDER_ITEMS_FINGERPRINT)[0], rows(url, SESSIONS_FINGERPRINT)[0]


def test_incremental_build_equals_full_refresh(built: dict[str, Any]) -> None:
    url = built["url"]
    load(NEXT_DAY)
    incremental = run_dbt(["build"], raise_on_failure=False)
    assert failures(incremental) == []
    after_incremental = _fingerprint(url)
    # a second run with nothing new changes nothing and duplicates nothing
    run_dbt(["run", "--select", "fct_order_items", "fct_sessions"])
    assert _fingerprint(url) == after_incremental
    run_dbt(["run", "--full-refresh", "--select", "fct_order_items", "fct_sessions"])
    assert _fingerprint(url) == after_incremental


def test_docs_site_is_generated_and_served(built: dict[str, Any]) -> None:
    from thelook.docs import generate_docs, make_docs_server

    page = generate_docs(static=True)
    assert page.name == "static_index.html" and page.stat().st_size > 100_000
    server = make_docs_server(port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=10) as response:
            assert response.status == 200
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/manifest.json", timeout=10) as response:
            assert response.status == 200
    finally:
        server.shutdown()
        server.server_close()


def test_docs_describe_every_column_the_dashboard_reads(built: dict[str, Any]) -> None:
    manifest = json.loads((docs_target() / "manifest.json").read_text())
    catalog = json.loads((docs_target() / "catalog.json").read_text())
    exposures = {exposure["name"]: exposure for exposure in manifest["exposures"].values()}
    assert {"thelook_dashboard", "thelook_enrichment"} <= set(exposures)
    read = {node for exposure in exposures.values() for node in exposure["depends_on"]["nodes"]}
    models = [node for node in read if node.startswith("model.")]
    assert len(models) >= 15
    for unique_id in models:
        node = manifest["nodes"][unique_id]
        assert node["description"], unique_id
        assert node["config"]["contract"]["enforced"], unique_id
        built_columns = set(catalog["nodes"][unique_id]["columns"])
        described = {name for name, column in node["columns"].items() if column["description"]}
        assert built_columns <= described, f"{unique_id}: undescribed {sorted(built_columns - described)}"
