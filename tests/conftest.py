"""Shared fixtures: one real embedded PostgreSQL (with pgvector) per test session, a fresh database per test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from thelook import settings as settings_module
from thelook.warehouse import start_embedded

# The real exports live beside the checkout (../shared); THELOOK_SHARED_DATA points elsewhere.
SHARED_DATA = Path(
    os.environ.get("THELOOK_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data" / "thelook")
)


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Admin URL of an embedded server private to this test session."""
    data_dir = tmp_path_factory.mktemp("warehouse")
    previous = os.environ.get("THELOOK_DATA_DIR")
    os.environ["THELOOK_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)
    settings_module.get_settings.cache_clear()
    url = start_embedded(settings_module.get_settings())
    yield url
    from thelook.warehouse import stop_embedded

    stop_embedded(settings_module.get_settings())
    if previous is None:
        os.environ.pop("THELOOK_DATA_DIR", None)
    else:
        os.environ["THELOOK_DATA_DIR"] = previous
    settings_module.get_settings.cache_clear()


@pytest.fixture
def warehouse_url(pg_server: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh, empty database on the session server, exported as DATABASE_URL for the code under test."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    url = pg_server.replace("/thelook?", f"/{name}?")
    monkeypatch.setenv("DATABASE_URL", url)
    settings_module.get_settings.cache_clear()
    yield url
    settings_module.get_settings.cache_clear()
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')


@pytest.fixture
def shared_data() -> Path:
    """The real theLook exports beside the project; tests that need them skip where they are absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real theLook exports not found at {SHARED_DATA}")
    return SHARED_DATA
