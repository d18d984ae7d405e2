"""Helpers for the dbt tests: a database per test module (dbt builds are too slow to repeat per test)."""

from __future__ import annotations

import sys
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import psycopg

# pytest puts tests/ on sys.path, where tests/loader would shadow the project's `loader` package as a namespace
# package; the repository root must be importable first.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from databases import fresh_database

FAILED = {"error", "fail", "runtime error"}


def module_database(pg_server: str) -> AbstractContextManager[str]:
    """A fresh database on the session's server, exported as DATABASE_URL while the module runs."""
    return fresh_database(pg_server, prefix="dbt")


def statuses(result: Any) -> dict[str, str]:
    """dbt node unique_id -> status ('success', 'pass', 'warn', 'fail', 'error', ...)."""
    return {node.node.unique_id: str(node.status) for node in result.result.results}


def failures(result: Any) -> list[str]:
    return sorted(unique_id for unique_id, status in statuses(result).items() if status in FAILED)


def warnings(result: Any) -> list[str]:
    return sorted(unique_id for unique_id, status in statuses(result).items() if status == "warn")


def scalar(url: str, query: str) -> Any:
    with psycopg.connect(url) as conn:
        row = conn.execute(query).fetchone()
    assert row is not None
    return row[0]


def rows(url: str, query: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(query).fetchall()
