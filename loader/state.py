"""Loader state in Postgres: the raw tables' DDL, per-table watermarks and the `load_runs` audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import psycopg
from psycopg import sql

from loader.manifest import PG_TYPES, TableSpec
from loader.sql import RAW_SCHEMA, STATE_SCHEMA, new_column, raw_table

STATE_DDL = """
create schema if not exists loader;
create table if not exists loader.watermarks (
    table_name text primary key,
    cursor_column text not null,
    watermark timestamptz,
    batch_id text not null,
    updated_at timestamptz not null default now()
);
-- Snapshot tables: a content fingerprint of the last load, so an unchanged source is not re-merged.
alter table loader.watermarks add column if not exists fingerprint text;
create table if not exists loader.load_runs (
    run_id bigserial primary key,
    batch_id text not null,
    table_name text not null,
    source text not null,
    mode text,
    status text not null,
    rows_read bigint not null default 0,
    inserted bigint not null default 0,
    updated bigint not null default 0,
    deleted bigint not null default 0,
    watermark_before timestamptz,
    watermark_after timestamptz,
    started_at timestamptz not null,
    finished_at timestamptz not null default clock_timestamp(),
    duration_s double precision not null,
    rewritten boolean not null default false,
    reason text,
    error text
);
-- Successful `dbt build --full-refresh` runs of the whole project. A table loaded in full after the start of
-- the last one still needs one (thelook.dbt.build forces it), even if the build after its load failed.
create table if not exists loader.full_refresh_builds (
    started_at timestamptz primary key
);
"""
# Taken inside each table's transaction so two loaders never write the same table at once.
LOCK_NAMESPACE = 0x7E100C


@dataclass
class AuditRow:
    batch_id: str
    table_name: str
    source: str
    mode: str | None
    status: str
    rows_read: int
    inserted: int
    updated: int
    deleted: int
    watermark_before: datetime | None
    watermark_after: datetime | None
    started_at: datetime
    duration_s: float
    rewritten: bool
    reason: str | None
    error: str | None


def ensure_state(conn: psycopg.Connection) -> None:
    """Create the loader schema and its tables (idempotent); serialised so parallel first runs do not race."""
    with conn.transaction():
        conn.execute("select pg_advisory_xact_lock(%s)", (LOCK_NAMESPACE,))
        conn.execute(STATE_DDL)
        conn.execute(sql.SQL("create schema if not exists {}").format(sql.Identifier(RAW_SCHEMA)))


def ensure_raw_table(conn: psycopg.Connection, spec: TableSpec, added: list[tuple[str, str]]) -> None:
    """`raw_thelook.<table>` as SCHEMA.md declares it, plus columns a source added (schema drift)."""
    defs: list[sql.Composable] = [
        sql.SQL("{} {}").format(sql.Identifier(c.name), sql.SQL(c.pg_type)) for c in spec.columns
    ]
    defs += [
        sql.SQL("_loaded_at timestamptz not null default now()"),
        # The batch id is set per transaction with set_config, so COPY can leave both metadata columns out.
        sql.SQL("_batch_id text not null default current_setting('loader.batch_id')"),
        sql.SQL("primary key ({})").format(sql.Identifier(spec.primary_key)),
    ]
    conn.execute(sql.SQL("create table if not exists {} ({})").format(raw_table(spec), sql.SQL(", ").join(defs)))
    for name, bq_type in added:
        conn.execute(
            sql.SQL("alter table {} add column if not exists {} {}").format(
                raw_table(spec), new_column(name), sql.SQL(PG_TYPES[bq_type])
            )
        )


def lock_table(conn: psycopg.Connection, spec: TableSpec) -> None:
    conn.execute("select pg_advisory_xact_lock(%s, hashtext(%s))", (LOCK_NAMESPACE, spec.name))


def get_watermark(conn: psycopg.Connection, spec: TableSpec) -> tuple[datetime | None, str | None]:
    """The table's watermark and, for snapshot tables, the fingerprint of its last load."""
    row = conn.execute(
        "select watermark, fingerprint from loader.watermarks where table_name = %s", (spec.name,)
    ).fetchone()
    return (row[0], row[1]) if row else (None, None)


def set_watermark(
    conn: psycopg.Connection, spec: TableSpec, watermark: datetime | None, batch_id: str, fingerprint: str | None = None
) -> None:
    conn.execute(
        """
        insert into loader.watermarks (table_name, cursor_column, watermark, batch_id, fingerprint)
        values (%s, %s, %s, %s, %s)
        on conflict (table_name) do update
            set watermark = excluded.watermark, batch_id = excluded.batch_id, fingerprint = excluded.fingerprint,
                updated_at = now()
        """,
        (spec.name, spec.cursor_column or "", watermark, batch_id, fingerprint),
    )


def record_run(conn: psycopg.Connection, row: AuditRow) -> None:
    fields = list(row.__dataclass_fields__)
    conn.execute(
        sql.SQL("insert into {}.load_runs ({}) values ({})").format(
            sql.Identifier(STATE_SCHEMA),
            sql.SQL(", ").join(map(sql.Identifier, fields)),
            sql.SQL(", ").join(sql.Placeholder() * len(fields)),
        ),
        [getattr(row, name) for name in fields],
    )


def loaded_columns(conn: psycopg.Connection, spec: TableSpec) -> list[str]:
    """Data columns of the raw table as it exists (declared plus previously added), in table order."""
    rows = conn.execute(
        """
        select column_name from information_schema.columns
        where table_schema = %s and table_name = %s and column_name not in ('_loaded_at', '_batch_id')
        order by ordinal_position
        """,
        (RAW_SCHEMA, spec.name),
    ).fetchall()
    return [r[0] for r in rows]


def is_empty(conn: psycopg.Connection, spec: TableSpec) -> bool:
    row = conn.execute(sql.SQL("select not exists (select from {})").format(raw_table(spec))).fetchone()
    return bool(row and row[0])


def tables_awaiting_full_refresh(conn: psycopg.Connection) -> list[str]:
    """Tables loaded in full since the last full rebuild downstream.

    A reload (regenerated source, --full-refresh) invalidates the incremental models; a first load asks for a
    full refresh too, because daily builds test only the re-read window of the largest models.
    """
    rows = conn.execute(
        """
        select distinct table_name from loader.load_runs
        where (rewritten or mode = 'initial') and status = 'ok'
            and finished_at > coalesce((select max(started_at) from loader.full_refresh_builds), '-infinity')
        order by table_name
        """
    ).fetchall()
    return [row[0] for row in rows]


def record_full_refresh_build(conn: psycopg.Connection, started_at: datetime) -> None:
    conn.execute("insert into loader.full_refresh_builds values (%s) on conflict do nothing", (started_at,))


def last_full_refresh_build(conn: psycopg.Connection) -> datetime | None:
    row = conn.execute("select max(started_at) from loader.full_refresh_builds").fetchone()
    return row[0] if row else None
