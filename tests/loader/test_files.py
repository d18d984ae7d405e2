"""The files source: real BigQuery exports, malformed rows, the anomaly samples, and the CLI on top."""

from __future__ import annotations

import gzip
import shutil

import pytest
import typer
from loader_helpers import fetch
from typer.testing import CliRunner

from loader import load_tables
from loader.cli import load

QUALITY_SAMPLES = {  # anomaly file -> the table it holds
    "events_null_user_id_sample.csv": "events",
    "inventory_missing_created_at_sample.csv": "inventory_items",
    "order_items_sale_price_lt_1.csv": "order_items",
    "orders_delivered_before_shipped.csv": "orders",
    "orders_returned_before_delivered.csv": "orders",
    "orders_shipped_before_created.csv": "orders",
    "products_missing_name_or_brand_sample.csv": "products",
    "returned_orders_missing_timestamps.csv": "orders",
}


def test_real_export_loads_exactly(warehouse_url, shared_data):
    folder = shared_data / "farid-zafar-2025-01"
    report = load_tables("files", path=folder, progress=False)
    assert report.ok, report.summary()
    by_name = {t.name: t for t in report.tables}
    assert by_name["users"].status == "skipped"  # that export has no users file
    assert fetch(warehouse_url, "select count(*) from raw_thelook.products") == [(29120,)]
    assert fetch(warehouse_url, "select count(*), sum(num_of_item) from raw_thelook.orders") == [(124092, 180027)]
    assert fetch(warehouse_url, "select count(*) from raw_thelook.distribution_centers") == [(10,)]
    first, last = fetch(warehouse_url, "select min(created_at)::text, max(created_at)::text from raw_thelook.orders")[0]
    assert first.startswith("2019-01-17") and last == "2025-01-25 19:35:58.912969+00"
    assert fetch(warehouse_url, "select round(sum(retail_price)::numeric, 2)::text from raw_thelook.products") == [
        ("1724491.17",)
    ]
    again = load_tables("files", path=folder, progress=False)
    assert all(t.inserted == 0 and t.updated == 0 for t in again.tables), again.summary()


def test_malformed_row_names_file_line_and_column(warehouse_url, tmp_path):
    rows = ["order_id,user_id,status,gender,created_at,returned_at,shipped_at,delivered_at,num_of_item"]
    rows += [f"{i},{i},Processing,F,2024-07-23 11:09:00 UTC,,,,1" for i in range(1, 4)]
    rows.append("4,4,Processing,F,2024-07-32 11:09:00 UTC,,,,1")  # line 5: there is no July 32nd
    with gzip.open(tmp_path / "orders.csv.gz", "wt") as handle:
        handle.write("\n".join(rows) + "\n")
    report = load_tables("files", ["orders"], path=tmp_path, progress=False)
    assert not report.ok
    assert "orders.csv.gz line 5 column created_at" in (report.tables[0].error or "")
    assert fetch(warehouse_url, "select count(*) from loader.watermarks") == [(0,)]


@pytest.mark.parametrize("sample", sorted(QUALITY_SAMPLES))
def test_quality_sample_rows_load_or_fail_clearly(warehouse_url, shared_data, tmp_path, sample):
    table = QUALITY_SAMPLES[sample]
    shutil.copy(shared_data / "tommyhuy1705-2026-quality-samples" / sample, tmp_path / f"{table}.csv")
    report = load_tables("files", [table], path=tmp_path, progress=False)
    result = report.tables[0]
    assert result.status == "ok", result.error
    expected = sum(1 for _ in (tmp_path / f"{table}.csv").open()) - 1
    assert fetch(warehouse_url, f"select count(*) from raw_thelook.{table}") == [(expected,)]
    if sample == "order_items_sale_price_lt_1.csv":  # four derived columns: schema drift, added and reported
        assert result.added_columns == ["cost", "category", "gross_profit", "exclude_from_revenue"]


def test_cli_loads_and_exits_non_zero_on_failure(warehouse_url, shared_data, tmp_path):
    app = typer.Typer()
    app.command("load")(load)
    app.command("other")(lambda: None)  # a second command keeps `load` as a named sub-command
    runner = CliRunner()
    folder = str(shared_data / "farid-zafar-2025-01")
    ok = runner.invoke(app, ["load", "--source", "files", "--path", folder, "--tables", "distribution_centers"])
    assert ok.exit_code == 0, ok.output
    assert "distribution_centers" in ok.output and "ok" in ok.output
    (tmp_path / "products.csv").write_text("id,cost\n1,abc\n")
    failed = runner.invoke(app, ["load", "--source", "files", "--path", str(tmp_path), "--tables", "products"])
    assert failed.exit_code == 1
    unknown = runner.invoke(app, ["load", "--tables", "orders;drop table users"])
    assert unknown.exit_code == 2 and "unknown table" in unknown.output


def test_snapshot_table_is_replaced_as_a_whole_and_skipped_when_unchanged(warehouse_url, tmp_path):
    header = "id,cost,category,name,brand,retail_price,department,sku,distribution_center_id"
    row = "{id},1.5,Jeans,Name {id},Brand,{price},Men,SKU{id},1"
    write = lambda rows: (tmp_path / "products.csv").write_text("\n".join([header, *rows]) + "\n")  # noqa: E731
    write([row.format(id=i, price=10) for i in (1, 2, 3)])
    assert load_tables("files", ["products"], path=tmp_path, progress=False).ok
    write([row.format(id=1, price=10), row.format(id=2, price=12), row.format(id=4, price=10)])
    changed = load_tables("files", ["products"], path=tmp_path, progress=False).tables[0]
    assert (changed.mode, changed.inserted, changed.updated, changed.deleted) == ("snapshot", 1, 1, 1)
    assert fetch(warehouse_url, "select id, retail_price from raw_thelook.products order by id") == [
        (1, 10.0),
        (2, 12.0),
        (4, 10.0),
    ]
    same = load_tables("files", ["products"], path=tmp_path, progress=False).tables[0]
    assert (same.mode, same.inserted, same.updated, same.deleted) == ("unchanged", 0, 0, 0)
