"""dbt build on a small synthetic theLook: every test passes, marts reconcile with raw, incremental = full refresh."""

from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import psycopg
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
        # a full-refresh build tests every row (a daily build tests the re-read window of the largest tables)
        result = run_dbt(["build", "--full-refresh"], raise_on_failure=False)
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


# Every incremental model and its key: an incremental build must leave exactly the rows of a full refresh.
INCREMENTAL_MODELS = {
    "fct_order_items": "order_item_id",
    "fct_sessions": "session_id",
    "rpt_kpis_daily": "date_day",
    "rpt_category_sales_daily": "date_day, category, department",
    "rpt_sales_monthly": "order_month",
    "rpt_category_sales_monthly": "order_month, department, category",
    "rpt_web_funnel_monthly": "session_month, stage_order",
    "rpt_traffic_sources_monthly": "session_month, traffic_source",
}
INCREMENTAL = ["--select", "config.materialized:incremental"]

# A return recorded on NEXT_DAY for an order placed long before the re-read window, as the loader writes it (the
# order and its items rewritten, with a new _loaded_at): the rollups must rebuild the order's day however old.
OLD_RETURN = """
    with old_order as (
        select order_id from raw_thelook.orders
        where status = 'Complete' and created_at < %(before)s
        order by order_id
        limit 1
    ),

    returned as (
        update raw_thelook.orders set status = 'Returned', returned_at = %(at)s, _loaded_at = now()
        where order_id in (select order_id from old_order)
        returning order_id
    )

    update raw_thelook.order_items set status = 'Returned', returned_at = %(at)s, _loaded_at = now()
    where order_id in (select order_id from returned)
"""


def _fingerprint(url: str) -> dict[str, tuple[Any, ...]]:
    return {
        model: rows(url, f"select count(*), md5(string_agg(t::text, '|' order by {key})) from marts.{model} as t")[0]
        for model, key in INCREMENTAL_MODELS.items()
    }


def test_incremental_build_equals_full_refresh(built: dict[str, Any]) -> None:
    url = built["url"]
    load(NEXT_DAY)
    with psycopg.connect(url) as conn:
        returned_at = datetime.combine(NEXT_DAY, time(12), tzinfo=UTC)
        returned = conn.execute(OLD_RETURN, {"before": NEXT_DAY - timedelta(days=60), "at": returned_at})
        assert returned.rowcount >= 1
    incremental = run_dbt(["build"], raise_on_failure=False)
    assert failures(incremental) == []
    after_incremental = _fingerprint(url)
    # a second run with nothing new changes nothing and duplicates nothing
    run_dbt(["run", *INCREMENTAL])
    assert _fingerprint(url) == after_incremental
    run_dbt(["run", "--full-refresh", *INCREMENTAL])
    assert _fingerprint(url) == after_incremental


def test_incremental_rollups_follow_an_earlier_as_of_date(built: dict[str, Any]) -> None:
    url = built["url"]
    earlier = ["--vars", "{as_of_date: '2024-12-10'}"]
    try:
        run_dbt(["run", *earlier])
        incremental = _fingerprint(url)
        assert scalar(url, "select max(date_day) from marts.rpt_kpis_daily") == date(2024, 12, 10)
        run_dbt(["run", "--full-refresh", *INCREMENTAL, *earlier])
        assert _fingerprint(url) == incremental
    finally:
        run_dbt(["run"])


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
