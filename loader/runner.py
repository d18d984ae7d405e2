"""`load_tables`: land each requested table in its own transaction with its watermark and audit row."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import polars as pl
import psycopg
import pyarrow as pa
from psycopg import sql

from loader import landing, state
from loader.manifest import PG_TYPES, TableSpec, resolve_tables
from loader.progress import NoProgress, ProgressBoard, RichProgress
from loader.report import LoadReport, TableResult
from loader.rewrite import detect_rewrite
from loader.sources.base import (
    ColumnPlan,
    Source,
    SourceError,
    TableMissingError,
    conform,
    plan_columns,
    type_family,
)
from loader.sql import raw_table
from thelook.settings import Settings, get_settings
from thelook.warehouse import connect

SOURCES = ("synthetic", "files", "bigquery")
FULL_LOAD_MODES = ("initial", "rewrite", "full_refresh")


def make_source(
    name: str, settings: Settings, *, scale: float | None = None, path: Path | None = None, as_of: date | None = None
) -> Source:
    """Build the named source from settings; unknown names are rejected."""
    if name == "synthetic":
        from loader.sources.synthetic import SyntheticSource

        cache = settings.data_dir / "synthetic"
        return SyntheticSource(seed=settings.seed, scale=scale or settings.scale, as_of=as_of, cache_dir=cache)
    if name == "files":
        from loader.sources.files import FileSource

        folder = path or settings.files_path
        if folder is None:
            raise SourceError("the files source needs a folder: pass --path or set THELOOK_FILES_PATH")
        return FileSource(folder)
    if name == "bigquery":
        from loader.sources.bigquery import BigQuerySource

        return BigQuerySource.from_settings(settings)
    raise ValueError(f"unknown source {name!r}; known sources: {', '.join(SOURCES)}")


def load_tables(
    source: str | None = None,
    tables: Sequence[str] | None = None,
    *,
    scale: float | None = None,
    path: Path | None = None,
    full_refresh: bool = False,
    since: datetime | None = None,
    settings: Settings | None = None,
    progress: bool = True,
    as_of: date | None = None,
    source_impl: Source | None = None,
) -> LoadReport:
    """Load theLook tables into `raw_thelook`; a failed table is reported (status 'failed'), not raised.

    Unknown table names, a naive `since` or an unknown source raise ValueError before any query runs.
    `source_impl` replaces the named source (tests, benchmarks).
    """
    settings = settings or get_settings()
    specs = resolve_tables(tables)
    if since is not None and (since.tzinfo is None or since.utcoffset() is None):
        raise ValueError("since must be timezone-aware (e.g. 2025-01-01T00:00:00+00:00)")
    src = source_impl or make_source(source or settings.source, settings, scale=scale, path=path, as_of=as_of)
    report = LoadReport(batch_id=f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}", source=src.name)
    with ExitStack() as stack:
        board: ProgressBoard = stack.enter_context(RichProgress()) if progress else NoProgress()
        conn = stack.enter_context(connect(settings, autocommit=True))
        state.ensure_state(conn)
        for spec in specs:
            result = load_table(
                conn,
                src,
                spec,
                batch_id=report.batch_id,
                full_refresh=full_refresh,
                since=since,
                row_limit=settings.snapshot_row_limit,
                missing_ok=tables is None,
                board=board,
            )
            report.tables.append(result)
    return report


def load_table(
    conn: psycopg.Connection,
    src: Source,
    spec: TableSpec,
    *,
    batch_id: str,
    full_refresh: bool = False,
    since: datetime | None = None,
    row_limit: int | None = None,
    missing_ok: bool = False,
    board: ProgressBoard | None = None,
) -> TableResult:
    """One table, one transaction: data, watermark and audit row commit together or not at all."""
    board = board or NoProgress()
    result = TableResult(spec.name)
    started, clock = datetime.now(UTC), time.perf_counter()
    try:
        info = src.describe(spec)
        if spec.snapshot and row_limit is not None and info.rows is not None and info.rows > row_limit:
            raise SourceError(
                f"{spec.name} has {info.rows:,} rows, over the snapshot limit of {row_limit:,} "
                "(THELOOK_SNAPSHOT_ROW_LIMIT): nothing downloaded"
            )
        plan = plan_columns(spec, info.schema)
        on_batch = board.start(spec.name, info.rows)
        with conn.transaction():
            _land(conn, src, spec, plan, result, batch_id, full_refresh, since, on_batch)
            result.duration_s = time.perf_counter() - clock
            state.record_run(conn, _audit(result, batch_id, src.name, started))
    except TableMissingError as error:
        result.status, result.error = ("skipped" if missing_ok else "failed"), str(error)
    except Exception as error:  # a failed table is reported, the next one still loads
        result.status, result.error = "failed", f"{type(error).__name__}: {error}"
    if result.status == "ok" and result.mode in FULL_LOAD_MODES and conn.autocommit:
        # Statistics for the dbt build that follows, and a complete visibility map (COPY FREEZE leaves gaps
        # where small batches shared a page) so that its reads can use index-only scans.
        conn.execute(sql.SQL("vacuum (analyze) {}").format(raw_table(spec)))
    result.duration_s = time.perf_counter() - clock
    if result.status != "ok":
        result.inserted = result.updated = result.deleted = 0
        result.watermark_after = result.watermark_before
        _record_failure(conn, result, batch_id, src.name, started)
    board.finish(spec.name, result.status)
    return result


def _land(
    conn: psycopg.Connection,
    src: Source,
    spec: TableSpec,
    plan: ColumnPlan,
    result: TableResult,
    batch_id: str,
    full_refresh: bool,
    since: datetime | None,
    on_batch: Callable[[int], None],
) -> None:
    state.lock_table(conn, spec)
    conn.execute("select set_config('loader.batch_id', %s, true)", (batch_id,))
    state.ensure_raw_table(conn, spec, plan.added)
    result.added_columns = [name for name, _ in plan.added]
    watermark, fingerprint = state.get_watermark(conn, spec)
    result.watermark_before = watermark
    empty = state.is_empty(conn, spec)
    if not empty and not full_refresh and spec.regenerated and watermark is not None:
        result.reason = detect_rewrite(conn, src, spec, watermark)
    names = plan.columns

    def batches(read_since: datetime | None) -> Iterator[pa.RecordBatch]:
        for batch in src.read(spec, names, read_since):
            yield conform(batch, plan.schema)

    new_fingerprint, snapshot_batches = None, []
    if spec.snapshot:  # small by contract (size-guarded): fingerprint it and skip the merge when unchanged
        snapshot_batches = list(batches(None))
        new_fingerprint = content_fingerprint(snapshot_batches, plan.schema)
        if not empty and not full_refresh and new_fingerprint == fingerprint:
            result.mode, result.rows_read = "unchanged", sum(b.num_rows for b in snapshot_batches)
            on_batch(result.rows_read)
            return

    if empty or full_refresh or result.reason:
        result.mode = "initial" if empty else ("rewrite" if result.reason else "full_refresh")
        result.rewritten = not empty
        if full_refresh and not empty:
            result.reason = "full refresh requested"
        rows = snapshot_batches if spec.snapshot else batches(None)
        landed = landing.load_into_empty(conn, spec, names, rows, on_batch=on_batch)
        new_watermark = landed.max_cursor
    elif spec.snapshot:
        result.mode = "snapshot"
        pg_types = _pg_types(plan)
        landed = landing.merge(conn, spec, names, pg_types, snapshot_batches, delete_missing=True, on_batch=on_batch)
        new_watermark = None
    else:
        result.mode = "incremental"
        read_since = since if since is not None else (watermark - spec.lag if watermark is not None else None)
        landed = landing.merge(
            conn, spec, names, _pg_types(plan), batches(read_since), delete_missing=False, on_batch=on_batch
        )
        candidates = [w for w in (watermark, landed.max_cursor) if w is not None]
        new_watermark = max(candidates) if candidates else None
    result.rows_read, result.inserted = landed.rows_read, landed.inserted
    result.updated, result.deleted = landed.updated, landed.deleted
    result.watermark_after = new_watermark
    state.set_watermark(conn, spec, new_watermark, batch_id, new_fingerprint)


def content_fingerprint(batches: list[pa.RecordBatch], schema: pa.Schema) -> str:
    """Row count plus an order-independent sum of row hashes: equal for the same rows in any order."""
    total, rows = 0, 0
    for batch in batches:
        hashes = pl.from_arrow(batch).hash_rows(seed=20250125).to_numpy()  # type: ignore[union-attr]
        total = (total + int(np.sum(hashes, dtype=np.uint64))) % 2**64  # the array sum wraps modulo 2**64 too
        rows += batch.num_rows
    return f"{rows}:{total:016x}:{','.join(schema.names)}"


def _pg_types(plan: ColumnPlan) -> list[str]:
    return [PG_TYPES[type_family(f.type) or "STRING"] for f in plan.schema]


def _audit(result: TableResult, batch_id: str, source: str, started: datetime) -> state.AuditRow:
    return state.AuditRow(
        batch_id=batch_id,
        table_name=result.name,
        source=source,
        mode=result.mode,
        status=result.status,
        rows_read=result.rows_read,
        inserted=result.inserted,
        updated=result.updated,
        deleted=result.deleted,
        watermark_before=result.watermark_before,
        watermark_after=result.watermark_after,
        started_at=started,
        duration_s=result.duration_s,
        rewritten=result.rewritten,
        reason=result.reason,
        error=result.error,
    )


def _record_failure(
    conn: psycopg.Connection, result: TableResult, batch_id: str, source: str, started: datetime
) -> None:
    """The failed attempt's audit row, in its own transaction (the load's transaction was rolled back)."""
    try:
        with conn.transaction():
            state.record_run(conn, _audit(result, batch_id, source, started))
    except psycopg.Error:
        pass  # the warehouse itself is failing; the returned result still carries the error
