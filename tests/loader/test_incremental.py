"""Load twice, next day, regenerated source: the incremental semantics the issue asks for."""

from __future__ import annotations

from datetime import timedelta

import psycopg
from loader_helpers import AS_OF, SMALL, TINY, fetch, snapshot

from loader import load_tables
from loader.manifest import get_spec
from loader.sources.synthetic import SyntheticSource


def _counts(url: str) -> dict[str, int]:
    tables = ["users", "orders", "order_items", "inventory_items", "events", "products", "distribution_centers"]
    return {t: fetch(url, f"select count(*) from raw_thelook.{t}")[0][0] for t in tables}


def test_load_twice_no_duplicates_and_second_run_writes_nothing(warehouse_url, tiny_source):
    first = load_tables(source_impl=tiny_source, progress=False)
    assert first.ok, first.summary()
    counts = _counts(warehouse_url)
    assert counts["products"] > 0 and counts["events"] > counts["orders"] > 0
    assert {t.name: t.rows_read for t in first.tables}["orders"] == counts["orders"]
    before = {t: snapshot(warehouse_url, t) for t in counts}
    loaded_at = fetch(warehouse_url, "select max(_loaded_at) from raw_thelook.orders")

    second = load_tables(source_impl=tiny_source, progress=False)
    assert second.ok, second.summary()
    assert all(t.inserted == 0 and t.updated == 0 and t.deleted == 0 for t in second.tables), second.summary()
    assert not second.needs_full_refresh
    assert _counts(warehouse_url) == counts
    assert {t: snapshot(warehouse_url, t) for t in counts} == before
    assert fetch(warehouse_url, "select max(_loaded_at) from raw_thelook.orders") == loaded_at
    runs = fetch(warehouse_url, "select count(*), count(distinct batch_id) from loader.load_runs where status = 'ok'")
    assert runs == [(14, 2)]


def test_next_day_inserts_new_rows_and_updates_statuses(warehouse_url, tmp_path):
    today = SyntheticSource(seed=7, scale=SMALL, as_of=AS_OF, cache_dir=tmp_path)
    assert load_tables(source_impl=today, progress=False).ok
    tomorrow = SyntheticSource(seed=7, scale=SMALL, as_of=AS_OF + timedelta(days=1), cache_dir=tmp_path)
    report = load_tables(source_impl=tomorrow, progress=False)
    assert report.ok, report.summary()
    by_name = {t.name: t for t in report.tables}
    assert by_name["orders"].inserted > 0 and by_name["orders"].updated > 0, report.summary()
    assert by_name["order_items"].updated > 0
    assert by_name["events"].inserted > 0
    assert not report.needs_full_refresh
    # The warehouse now equals a fresh load of the next day: nothing missed, nothing stale.
    for table in ("orders", "order_items", "inventory_items", "events", "users"):
        expected = tomorrow.describe(get_spec(table)).rows
        assert fetch(warehouse_url, f"select count(*) from raw_thelook.{table}")[0][0] == expected
    statuses = dict(fetch(warehouse_url, "select status, count(*) from raw_thelook.orders group by 1"))
    source_orders = tomorrow._dataset()["orders"]
    assert sum(statuses.values()) == source_orders.num_rows
    loaded = snapshot(warehouse_url, "orders")
    assert [row[2] for row in loaded] == source_orders.sort_by("order_id").column("status").to_pylist()
    watermark = fetch(warehouse_url, "select watermark from loader.watermarks where table_name = 'orders'")[0][0]
    assert watermark.date() == AS_OF + timedelta(days=1)


def test_regenerated_source_is_detected_and_reloaded(warehouse_url, tmp_path):
    original = SyntheticSource(seed=7, scale=TINY, as_of=AS_OF, cache_dir=tmp_path)
    assert load_tables(source_impl=original, progress=False).ok
    regenerated = SyntheticSource(seed=7, scale=TINY, as_of=AS_OF, generation=1, cache_dir=tmp_path)
    report = load_tables(source_impl=regenerated, progress=False)
    assert report.ok, report.summary()
    by_name = {t.name: t for t in report.tables}
    for table in ("users", "orders", "order_items", "inventory_items", "events"):
        assert by_name[table].rewritten and by_name[table].mode == "rewrite", report.summary()
        assert "regenerated" in (by_name[table].reason or "")
    assert not by_name["products"].rewritten and by_name["products"].inserted == 0
    assert report.needs_full_refresh
    # Nothing mixed: the warehouse holds exactly the regenerated generation.
    for table in ("orders", "events"):
        expected = regenerated._dataset()[table].sort_by(
            by_name[table].name and "order_id" if table == "orders" else "id"
        )
        assert len(snapshot(warehouse_url, table)) == expected.num_rows
    orders = snapshot(warehouse_url, "orders")
    assert [r[1] for r in orders] == regenerated._dataset()["orders"].sort_by("order_id").column("user_id").to_pylist()
    reasons = fetch(
        warehouse_url, "select count(*) from loader.load_runs where rewritten and reason like '%%regenerated%%'"
    )
    assert reasons == [(5,)]


def test_full_loads_leave_statistics_and_all_visible_pages(warehouse_url, tiny_source):
    """The dbt build right after a full load plans with statistics and can use index-only scans."""
    visibility = (
        "select reltuples, relpages, all_visible, all_frozen from pg_class, pg_visibility_map_summary(oid) "
        "where oid = 'raw_thelook.events'::regclass"
    )
    with psycopg.connect(warehouse_url, autocommit=True) as conn:
        conn.execute("create extension if not exists pg_visibility")
        for full_refresh in (False, True):  # the first load, then a reload of the loaded table
            report = load_tables(source_impl=tiny_source, tables=["events"], full_refresh=full_refresh, progress=False)
            assert report.ok, report.summary()
            tuples, pages, visible, frozen = conn.execute(visibility).fetchone()
            assert tuples == report.rows_read and pages > 0 and visible == frozen == pages
