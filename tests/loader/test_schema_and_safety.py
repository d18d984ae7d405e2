"""Schema drift both ways, and injection attempts through table names, column names and watermark values."""

from __future__ import annotations

from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from loader_helpers import fetch

from loader import load_tables
from loader.manifest import UnknownColumnError, UnknownTableError, get_spec
from loader.sql import UnsafeIdentifierError, bq_row_restriction, new_column

ORDERS_HEADER = "order_id,user_id,status,gender,created_at,returned_at,shipped_at,delivered_at,num_of_item"


def _orders_csv(folder, rows: int, header: str = ORDERS_HEADER, extra: str = "") -> None:
    lines = [header]
    lines += [f"{i},{i},Complete,M,2024-07-{i % 28 + 1:02d} 11:09:00 UTC,,,,1{extra}" for i in range(1, rows + 1)]
    (folder / "orders.csv").write_text("\n".join(lines) + "\n")


def test_new_source_column_is_added_and_logged(warehouse_url, tmp_path):
    _orders_csv(tmp_path, 5)
    assert load_tables("files", ["orders"], path=tmp_path, progress=False).ok
    _orders_csv(tmp_path, 6, ORDERS_HEADER + ",coupon_code", extra=",SUMMER")
    report = load_tables("files", ["orders"], path=tmp_path, progress=False)
    assert report.ok, report.summary()
    assert report.tables[0].added_columns == ["coupon_code"]
    assert "new source columns added: coupon_code" in report.summary()
    assert fetch(warehouse_url, "select count(*), count(coupon_code) from raw_thelook.orders") == [(6, 6)]


def test_missing_column_stops_the_table_and_commits_nothing(warehouse_url, tmp_path):
    _orders_csv(tmp_path, 5)
    assert load_tables("files", ["orders"], path=tmp_path, progress=False).ok
    watermark = fetch(warehouse_url, "select watermark from loader.watermarks")
    _orders_csv(tmp_path, 9, ORDERS_HEADER.replace(",num_of_item", ""))
    (tmp_path / "orders.csv").write_text((tmp_path / "orders.csv").read_text().replace(",1\n", "\n"))
    report = load_tables("files", ["orders"], path=tmp_path, progress=False)
    assert not report.ok
    assert "column 'num_of_item' is missing" in (report.tables[0].error or "")
    assert fetch(warehouse_url, "select count(*) from raw_thelook.orders") == [(5,)]
    assert fetch(warehouse_url, "select watermark from loader.watermarks") == watermark
    audit = fetch(warehouse_url, "select status, error from loader.load_runs order by run_id desc limit 1")
    assert audit[0][0] == "failed" and "num_of_item" in audit[0][1]


def test_retyped_column_stops_the_table(warehouse_url, tmp_path):
    spec = get_spec("orders")
    table = pa.table({c.name: pa.nulls(3, c.arrow_type) for c in spec.columns})
    table = table.set_column(0, "order_id", pa.array([1, 2, 3], pa.int64()))
    table = table.set_column(8, "num_of_item", pa.array(["one", "two", "three"]))  # INTEGER became STRING
    pq.write_table(table, tmp_path / "orders.parquet")
    report = load_tables("files", ["orders"], path=tmp_path, progress=False)
    assert not report.ok
    assert "'num_of_item' is STRING in the source, expected INTEGER" in (report.tables[0].error or "")
    assert fetch(warehouse_url, "select to_regclass('raw_thelook.orders') is null") == [(True,)]


@pytest.mark.parametrize(
    "name", ["orders; drop table raw_thelook.users", 'orders"', "ORDERS", "raw_thelook.orders", "", "../orders"]
)
def test_unknown_table_names_are_rejected_before_any_query(name, monkeypatch):
    def no_connection(*args, **kwargs):
        raise AssertionError("a connection was opened")

    monkeypatch.setattr("loader.runner.connect", no_connection)
    with pytest.raises(UnknownTableError, match="unknown table"):
        load_tables("synthetic", [name], progress=False)


def test_column_names_are_checked():
    spec = get_spec("orders")
    with pytest.raises(UnknownColumnError):
        bq_row_restriction(spec, "created_at` > 0 OR `1", datetime(2024, 1, 1, tzinfo=UTC))
    for evil in ('x"; drop table raw_thelook.orders; --', "Robert'); --", "_loaded_at", "a b", "é"):
        with pytest.raises(UnsafeIdentifierError):
            new_column(evil)


def test_injected_source_column_fails_the_table_cleanly(warehouse_url, tmp_path):
    evil = '"x""; drop table loader.load_runs; --"'
    _orders_csv(tmp_path, 3, ORDERS_HEADER + "," + evil, extra=",1")
    report = load_tables("files", ["orders"], path=tmp_path, progress=False)
    assert not report.ok and "not a plain lower-case identifier" in (report.tables[0].error or "")
    assert fetch(warehouse_url, "select count(*) from loader.load_runs") == [(1,)]


@pytest.mark.parametrize(
    "value",
    [
        "2024-01-01' OR '1'='1",
        datetime(2024, 1, 1),  # naive: which zone?
        1704067200,
        True,
        None,
    ],
)
def test_watermark_values_must_be_typed(value):
    with pytest.raises(TypeError):
        bq_row_restriction(get_spec("orders"), "created_at", value)


def test_key_lists_must_be_ints():
    spec = get_spec("orders")
    assert bq_row_restriction(spec, "order_id", [1, 2], "IN") == "`order_id` IN (1, 2)"
    for bad in (["1) OR (1=1"], [1.5], [True], [], [2**63]):
        with pytest.raises(TypeError):
            bq_row_restriction(spec, "order_id", bad, "IN")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        bq_row_restriction(spec, "order_id", 1, "; drop")  # type: ignore[arg-type]


def test_since_must_be_timezone_aware(warehouse_url, tiny_source):
    with pytest.raises(ValueError, match="timezone-aware"):
        load_tables(source_impl=tiny_source, since=datetime(2024, 1, 1), progress=False)
    report = load_tables(source_impl=tiny_source, since=datetime(2024, 1, 1, tzinfo=UTC), progress=False)
    assert report.ok
