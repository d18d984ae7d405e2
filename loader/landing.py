"""Bulk landing: binary COPY of Arrow batches, then a merge on the primary key, all inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

import pgpq
import psycopg
import pyarrow as pa
import pyarrow.compute as pc
from psycopg import sql

from loader.manifest import TableSpec
from loader.sql import RAW_SCHEMA, column, column_idents, columns, raw_table


class DuplicateKeyError(RuntimeError):
    """The source delivered the same primary key twice in one load."""


@dataclass
class Landed:
    rows_read: int = 0
    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    max_cursor: datetime | None = None


def _stage(spec: TableSpec) -> sql.Identifier:
    return sql.Identifier(f"stage_{spec.name}")


def copy_batches(
    conn: psycopg.Connection,
    target: sql.Composable,
    spec: TableSpec,
    names: list[str],
    batches: Iterable[pa.RecordBatch],
    on_batch: Callable[[int], None] | None = None,
    *,
    freeze: bool = False,
) -> Landed:
    """Stream batches into `target` with one binary COPY; track rows and the highest cursor value seen.

    `freeze` writes the rows already frozen and all-visible (the table must be created or truncated in this
    transaction), so the first reads neither set hint bits nor wait for a vacuum to use index-only scans.
    """
    landed = Landed()
    encoder: pgpq.ArrowToPostgresBinaryEncoder | None = None
    options = sql.SQL("format binary, freeze") if freeze else sql.SQL("format binary")
    statement = sql.SQL("copy {} ({}) from stdin ({})").format(target, columns(spec, names), options)
    with conn.cursor() as cur, cur.copy(statement) as copy:
        for batch in batches:
            if encoder is None:
                encoder = pgpq.ArrowToPostgresBinaryEncoder(batch.schema)
                copy.write(encoder.write_header())
            copy.write(encoder.write_batch(batch))
            landed.rows_read += batch.num_rows
            if spec.cursor_column is not None and batch.num_rows:
                top = pc.max(batch.column(spec.cursor_column)).as_py()
                if top is not None and (landed.max_cursor is None or top > landed.max_cursor):
                    landed.max_cursor = top
            if on_batch is not None:
                on_batch(batch.num_rows)
        if encoder is not None:
            copy.write(encoder.finish())
    return landed


def load_into_empty(
    conn: psycopg.Connection,
    spec: TableSpec,
    names: list[str],
    batches: Iterable[pa.RecordBatch],
    *,
    on_batch: Callable[[int], None] | None = None,
) -> Landed:
    """First load or full reload: COPY FREEZE straight into the table, emptied first in the same transaction.

    TRUNCATE is transactional: until the commit, readers wait on its lock, and a failed load keeps the old rows.
    """
    conn.execute(sql.SQL("truncate {}").format(raw_table(spec)))
    if spec.cursor_column is not None:  # built once after the COPY instead of row by row during it
        conn.execute(sql.SQL("drop index if exists {}").format(sql.Identifier(RAW_SCHEMA, _cursor_index(spec))))
    try:
        landed = copy_batches(conn, raw_table(spec), spec, names, batches, on_batch, freeze=True)
    except psycopg.errors.UniqueViolation as error:
        raise DuplicateKeyError(f"{spec.name}: the source delivered a primary key twice ({_detail(error)})") from error
    if spec.cursor_column is not None:
        # dbt's incremental models read the re-read window of the raw tables by this column.
        conn.execute("set local maintenance_work_mem = '256MB'")
        conn.execute(
            sql.SQL("create index {} on {} ({})").format(
                sql.Identifier(_cursor_index(spec)), raw_table(spec), column(spec, spec.cursor_column)
            )
        )
    landed.inserted = landed.rows_read
    return landed


def _cursor_index(spec: TableSpec) -> str:
    return f"{spec.name}_{spec.cursor_column}_idx"


def merge(
    conn: psycopg.Connection,
    spec: TableSpec,
    names: list[str],
    pg_types: list[str],
    batches: Iterable[pa.RecordBatch],
    *,
    delete_missing: bool,
    on_batch: Callable[[int], None] | None = None,
) -> Landed:
    """COPY into a temporary table keyed like the target, then update changed rows and insert new ones.

    Unchanged rows are not touched (IS DISTINCT FROM), so a re-run with nothing new writes nothing. For
    snapshot tables `delete_missing` also removes rows the source no longer has.
    """
    stage, target, pk = _stage(spec), raw_table(spec), sql.Identifier(spec.primary_key)
    defs = sql.SQL(", ").join(
        sql.SQL("{} {}").format(ident, sql.SQL(pg_type))
        for ident, pg_type in zip(column_idents(spec, names), pg_types, strict=True)
    )
    conn.execute(sql.SQL("create temp table {} ({}, primary key ({})) on commit drop").format(stage, defs, pk))
    try:
        landed = copy_batches(conn, stage, spec, names, batches, on_batch)
    except psycopg.errors.UniqueViolation as error:
        raise DuplicateKeyError(f"{spec.name}: the source delivered a primary key twice ({_detail(error)})") from error
    conn.execute(sql.SQL("analyze {}").format(stage))
    if _is_small_change(conn, spec, landed.rows_read):
        # A few recent rows against a large table: key lookups beat the hash join over the whole table that
        # the planner picks when the table is not in memory (measured: 1 s -> 0.05 s for 16k of 2.3M events).
        conn.execute("set local enable_hashjoin = off")
        conn.execute("set local enable_mergejoin = off")
    cols = columns(spec, names)
    source_cols = sql.SQL(", ").join(sql.SQL("s.{}").format(ident) for ident in column_idents(spec, names))
    target_cols = sql.SQL(", ").join(sql.SQL("t.{}").format(ident) for ident in column_idents(spec, names))
    updated = conn.execute(
        sql.SQL(
            "update {target} t set ({cols}, _loaded_at, _batch_id) = "
            "({source_cols}, now(), current_setting('loader.batch_id')) "
            "from {stage} s where t.{pk} = s.{pk} and ({target_cols}) is distinct from ({source_cols})"
        ).format(target=target, cols=cols, source_cols=source_cols, stage=stage, pk=pk, target_cols=target_cols)
    )
    landed.updated = max(updated.rowcount, 0)
    inserted = conn.execute(
        sql.SQL(
            "insert into {target} ({cols}) select {source_cols} from {stage} s "
            "where not exists (select from {target} t where t.{pk} = s.{pk})"
        ).format(target=target, cols=cols, source_cols=source_cols, stage=stage, pk=pk)
    )
    landed.inserted = max(inserted.rowcount, 0)
    if delete_missing:
        deleted = conn.execute(
            sql.SQL("delete from {target} t where not exists (select from {stage} s where s.{pk} = t.{pk})").format(
                target=target, stage=stage, pk=pk
            )
        )
        landed.deleted = max(deleted.rowcount, 0)
    conn.execute(sql.SQL("drop table {}").format(stage))
    conn.execute("reset enable_hashjoin")
    conn.execute("reset enable_mergejoin")
    return landed


def _is_small_change(conn: psycopg.Connection, spec: TableSpec, staged_rows: int) -> bool:
    row = conn.execute(
        "select reltuples from pg_class where oid = %s::regclass", (f"{RAW_SCHEMA}.{spec.name}",)
    ).fetchone()
    return row is not None and row[0] > 20 * max(staged_rows, 1)


def _detail(error: psycopg.Error) -> str:
    diag = error.diag
    return diag.message_detail or diag.message_primary or str(error)
