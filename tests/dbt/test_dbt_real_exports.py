"""dbt build on the real theLook exports: the full 2025-01 orders (a partial export) and the joined 2025-11 subset."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dbt_helpers import failures, module_database, rows, scalar, warnings

from thelook.dbt import run_dbt

pytestmark = pytest.mark.slow

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "thelook"
FARID = SHARED_DATA / "farid-zafar-2025-01"
REVATHI = SHARED_DATA / "revathir90-2025-11"


def load_folder(folder: Path) -> Any:
    from loader import load_tables

    report = load_tables(source="files", path=folder, progress=False)
    assert report.ok, report.summary()
    return report


def only_gap_warnings(result: Any, url: str) -> list[str]:
    """The warning tests, each checked to be a relationship test whose parent table is empty."""
    warned = warnings(result)
    for unique_id in warned:
        assert ".relationships_if_loaded_" in unique_id, f"unexpected warning: {unique_id}"
    return warned


@pytest.fixture(scope="module")
def farid(pg_server: str) -> Iterator[dict[str, Any]]:
    if not FARID.is_dir():
        pytest.skip(f"real theLook exports not found at {FARID}")
    with module_database(pg_server) as url:
        load_folder(FARID)
        yield {"url": url, "result": run_dbt(["build", "--full-refresh"], raise_on_failure=False)}


@pytest.fixture(scope="module")
def revathi(pg_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    if not REVATHI.is_dir():
        pytest.skip(f"real theLook exports not found at {REVATHI}")
    # The subset's files are named subset_<table>.csv (the files source reads <table>.csv) and repeat identical
    # rows (join fan-out of the query that made them, SOURCES.md); keep each distinct line once, as SOURCES.md says.
    folder = tmp_path_factory.mktemp("revathir90")
    for path in REVATHI.glob("*.csv"):
        distinct = dict.fromkeys(path.read_text(encoding="utf-8").splitlines())
        (folder / path.name.removeprefix("subset_")).write_text("\n".join(distinct) + "\n", encoding="utf-8")
    with module_database(pg_server) as url:
        load_folder(folder)
        yield {"url": url, "result": run_dbt(["build", "--full-refresh"], raise_on_failure=False)}


def test_partial_export_builds_and_names_its_gaps(farid: dict[str, Any]) -> None:
    result, url = farid["result"], farid["url"]
    assert failures(result) == []
    warned = only_gap_warnings(result, url)
    # orders point at users, which this export lacks; nothing else warns
    assert warned == [unique_id for unique_id in warned if "fct_orders_customer_id" in unique_id]
    assert len(warned) == 1
    assert scalar(url, "select count(*) from marts.dim_customers") == 0


def test_partial_export_matches_the_reference_figures(farid: dict[str, Any]) -> None:
    url = farid["url"]
    assert scalar(url, "select count(*) from marts.fct_orders") == 124_092
    by_status = dict(rows(url, "select order_status, count(*) from marts.fct_orders group by 1"))
    assert by_status == {
        "Shipped": 36_971,
        "Complete": 31_185,
        "Processing": 24_887,
        "Cancelled": 18_532,
        "Returned": 12_517,
    }
    assert scalar(url, "select sum(item_count) from marts.fct_orders") == 180_027
    assert scalar(url, "select count(*) from marts.dim_products") == 29_120
    # cancellation rate by year, REFERENCE_FIGURES.md section C
    yearly = dict(
        rows(
            url,
            """
            select extract(year from order_month)::int, round(100.0 * sum(cancelled_orders) / sum(orders), 2)
            from marts.rpt_sales_monthly group by 1
            """,
        )
    )
    assert float(yearly[2019]) == pytest.approx(15.11)
    assert float(yearly[2024]) == pytest.approx(14.82)
    # without order_items there is no revenue, and no invented revenue either
    assert scalar(url, "select sum(gmv) from marts.rpt_kpis_daily") == 0
    assert scalar(url, "select sum(orders) from marts.rpt_kpis_daily") == 124_092


def test_joined_subset_builds_with_every_test_passing(revathi: dict[str, Any]) -> None:
    result, url = revathi["result"], revathi["url"]
    assert failures(result) == []
    warned = only_gap_warnings(result, url)
    # the subset has no inventory_items: the sold-unit link is the only thing that cannot be checked
    assert all("inventory_item_id" in unique_id for unique_id in warned)


def test_joined_subset_reconciles_with_its_distinct_rows(revathi: dict[str, Any]) -> None:
    url = revathi["url"]
    # SOURCES.md: 495 distinct orders, 507 distinct items, 645 users after removing the join fan-out
    assert scalar(url, "select count(*) from marts.fct_orders") == 495
    assert scalar(url, "select count(*) from marts.fct_order_items") == 507
    assert scalar(url, "select count(*) from marts.dim_customers") == 645
    raw_revenue = scalar(url, "select sum(sale_price) from raw_thelook.order_items")
    assert scalar(url, "select sum(order_revenue) from marts.fct_orders") == pytest.approx(raw_revenue)
    # only 355 orders have all of their items in the subset (LIMIT 1000 in its query)
    complete = scalar(url, "select count(*) from marts.fct_orders where order_item_count = item_count")
    assert complete == 355
