"""Helpers for the dbt tests: a database per test module (dbt builds are too slow to repeat per test)."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest

# pytest puts tests/ on sys.path, where tests/loader would shadow the project's `loader` package as a namespace
# package; the repository root must be importable first.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from thelook import settings as settings_module

FAILED = {"error", "fail", "runtime error"}


@contextmanager
def module_database(pg_server: str) -> Iterator[str]:
    """A fresh database on the session's server, exported as DATABASE_URL while the module runs."""
    name = f"dbt_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    url = pg_server.replace("/thelook?", f"/{name}?")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", url)
        settings_module.get_settings.cache_clear()
        try:
            yield url
        finally:
            settings_module.get_settings.cache_clear()
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')


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
