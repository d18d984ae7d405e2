"""Shared fixtures: one real embedded PostgreSQL (with pgvector) per test session, a fresh database per test."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from databases import fresh_database

from thelook import settings as settings_module
from thelook.warehouse import start_embedded

PIPELINE_SCALE = 0.01

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
def warehouse_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty database on the session server, exported as DATABASE_URL for the code under test."""
    with fresh_database(pg_server) as url:
        yield url


@pytest.fixture
def shared_data() -> Path:
    """The real theLook exports beside the project; tests that need them skip where they are absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real theLook exports not found at {SHARED_DATA}")
    return SHARED_DATA


def closed_port() -> int:
    """A local TCP port with nothing listening (connections are refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def pipeline_database(pg_server: str) -> Iterator[str]:
    """A database filled by one real run of the Prefect flow at a small synthetic scale.

    Ollama is unreachable here on purpose, so the summary takes the template path.
    """
    from prefect.testing.utilities import prefect_test_harness

    from flows.daily import daily_pipeline

    with (
        fresh_database(pg_server) as url,
        pytest.MonkeyPatch.context() as patch,
        prefect_test_harness(server_startup_timeout=120),
    ):
        patch.setenv("OLLAMA_HOST", f"http://127.0.0.1:{closed_port()}")
        patch.setenv("THELOOK_OLLAMA_TIMEOUT", "5")
        settings_module.get_settings.cache_clear()
        daily_pipeline(source="synthetic", scale=PIPELINE_SCALE)
        yield url
