"""Fresh databases on the test session's embedded server."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest

from thelook import settings as settings_module


@contextmanager
def fresh_database(pg_server: str, prefix: str = "test") -> Iterator[str]:
    """Create an empty database on the session server, export it as DATABASE_URL, drop it afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
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
