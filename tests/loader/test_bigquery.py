"""The bigquery source with the real BigQueryReadClient against a local gRPC server speaking the Read API."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pyarrow as pa
import pytest
from fake_bq_storage import FakeBigQueryRead, make_insecure_read_client, serve
from google.api_core import retry as gretry
from loader_helpers import AS_OF, TINY, fetch

from loader import load_tables
from loader.sources.bigquery import BigQuerySource
from loader.synthetic.dataset import generate_dataset
from thelook.settings import get_settings

PREFIX = "projects/bigquery-public-data/datasets/thelook_ecommerce/tables/"


@pytest.fixture(scope="module")
def dataset() -> dict[str, pa.Table]:
    tables = generate_dataset(7, TINY, AS_OF)
    # BigQuery sends plain `string` columns; the loader must accept them as well as large_string.
    return {name: t.cast(pa.schema([f.with_type(pa.string()) if f.type == pa.large_string() else f for f in t.schema]))
            for name, t in tables.items()}  # fmt: skip


def start_fake(tables: dict[str, pa.Table], **options: object) -> Iterator[tuple[FakeBigQueryRead, BigQuerySource]]:
    fake = FakeBigQueryRead({PREFIX + name: table for name, table in tables.items()}, **options)  # type: ignore[arg-type]
    server, port = serve(fake)
    client = make_insecure_read_client(f"127.0.0.1:{port}")
    # Explicit timeouts and retries: without them a misconfigured client retries for up to 600 s.
    retry = gretry.Retry(initial=0.1, maximum=0.5, timeout=5)
    source = BigQuerySource(client=client, max_streams=3, timeout_s=10, retry=retry)
    try:
        yield fake, source
    finally:
        server.stop(grace=None)


@pytest.fixture
def fake_bq(dataset: dict[str, pa.Table]) -> Iterator[tuple[FakeBigQueryRead, BigQuerySource]]:
    yield from start_fake(dataset, rows_per_batch=100, default_stream_count=1)


def _sessions(fake: FakeBigQueryRead, table: str) -> list:
    return [r for kind, r in fake.requests if kind == "CreateReadSession" and r.read_session.table == PREFIX + table]


def test_parallel_streams_and_selected_fields(warehouse_url, fake_bq, dataset):
    fake, source = fake_bq
    report = load_tables(source_impl=source, progress=False)
    assert report.ok, report.summary()
    for name, table in dataset.items():
        assert fetch(warehouse_url, f"select count(*) from raw_thelook.{name}")[0][0] == table.num_rows
    events_reads = _sessions(fake, "events")[-1]
    assert events_reads.max_stream_count == 3
    assert list(events_reads.read_session.read_options.selected_fields) == dataset["events"].schema.names
    read_streams = {r.read_stream for kind, r in fake.requests if kind == "ReadRows" and "/streams/" in r.read_stream}
    events_session = [s for s in fake.sessions.values() if s.table_key == PREFIX + "events"][-1]
    assert len(events_session.streams) == 3 and set(events_session.streams) <= read_streams


def test_watermark_is_pushed_down_as_row_restriction(warehouse_url, fake_bq, dataset):
    fake, source = fake_bq
    assert load_tables(source_impl=source, progress=False).ok
    second = load_tables(source_impl=source, progress=False)
    assert second.ok and all(t.inserted == 0 and t.updated == 0 for t in second.tables), second.summary()
    restriction = _sessions(fake, "orders")[-1].read_session.read_options.row_restriction
    watermark = fetch(warehouse_url, "select watermark from loader.watermarks where table_name = 'orders'")[0][0]
    since = (watermark - timedelta(days=5)).strftime("%Y-%m-%d %H:%M:%S")
    cursors = ("created_at", "shipped_at", "delivered_at", "returned_at")  # created, or changed since
    assert restriction == " OR ".join(f"`{name}` >= TIMESTAMP '{since}.000000+00:00'" for name in cursors)
    orders = {t.name: t for t in second.tables}["orders"]
    assert 0 < orders.rows_read < dataset["orders"].num_rows


def test_resumed_stream_after_transient_failure(warehouse_url, dataset):
    for fake, source in start_fake(dataset, rows_per_batch=40, fail_after_batches=2):
        report = load_tables(source_impl=source, tables=["events", "orders"], progress=False)
        assert report.ok, report.summary()
        assert fetch(warehouse_url, "select count(*) from raw_thelook.events")[0][0] == dataset["events"].num_rows
        resumed = [r for kind, r in fake.requests if kind == "ReadRows" and r.offset > 0]
        assert resumed, "the client should have reconnected at an offset"


def test_empty_table_gets_no_streams_and_loads_nothing(warehouse_url, dataset):
    tables = dict(dataset, events=dataset["events"].slice(0, 0))
    for _fake, source in start_fake(tables):
        report = load_tables(source_impl=source, tables=["events"], progress=False)
        assert report.ok, report.summary()
        assert report.tables[0].rows_read == 0
        assert fetch(warehouse_url, "select count(*) from raw_thelook.events") == [(0,)]


def test_snapshot_size_guard_fails_fast(warehouse_url, fake_bq):
    fake, source = fake_bq
    settings = get_settings().model_copy(update={"snapshot_row_limit": 20})
    report = load_tables(
        source_impl=source, tables=["products", "distribution_centers"], settings=settings, progress=False
    )
    by_name = {t.name: t for t in report.tables}
    assert not report.ok
    assert by_name["products"].status == "failed"
    assert "over the snapshot limit of 20" in (by_name["products"].error or "")
    assert by_name["distribution_centers"].status == "ok"
    products_sessions = [s for s in fake.sessions.values() if s.table_key == PREFIX + "products"]
    product_reads = [r for kind, r in fake.requests if kind == "ReadRows" and "products" in r.read_stream]
    assert len(products_sessions) == 1 and not product_reads  # described, never downloaded
