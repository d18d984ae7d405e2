"""Loader test helpers: the tiny synthetic dataset's parameters and queries on the loaded warehouse."""

from __future__ import annotations

from datetime import date

import psycopg

AS_OF = date(2025, 1, 25)
TINY = 0.002  # ~200 users, ~58 products: every mechanism, a fraction of a second per load
SMALL = 0.1  # ~5 orders a day in 2025: enough for next-day inserts and status changes


def fetch(url: str, query: str, params: tuple = ()) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(query, params).fetchall()  # type: ignore[arg-type]


def snapshot(url: str, table: str) -> list[tuple]:
    """Every data column of a raw table, ordered by key, without the load metadata."""
    with psycopg.connect(url) as conn:
        cols = [
            r[0]
            for r in conn.execute(
                "select column_name from information_schema.columns where table_schema = 'raw_thelook' "
                "and table_name = %s and column_name not like '\\_%%' order by ordinal_position",
                (table,),
            )
        ]
        return conn.execute(f"select {', '.join(cols)} from raw_thelook.{table} order by 1").fetchall()  # type: ignore[arg-type]
