"""Fixtures of the enrichment tests: marts of the contract's shape, the embedding model, a fake Ollama server."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from enrichment_marts import create_marts, insert_kpis, insert_products
from fake_ollama import FakeOllama, running_fake_ollama

from thelook import settings as settings_module


@pytest.fixture(scope="session")
def embedding_model() -> object:
    """The real all-MiniLM-L6-v2, loaded once for the whole session (the module caches it per process)."""
    from enrichment.model import get_model

    return get_model()


@pytest.fixture
def marts_db(warehouse_url: str) -> Iterator[str]:
    """A fresh database holding the three marts, filled with the small fixture data."""
    with psycopg.connect(warehouse_url) as conn:
        create_marts(conn)
        insert_products(conn)
        insert_kpis(conn)
    yield warehouse_url


@pytest.fixture
def fake_ollama(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOllama]:
    """A fake Ollama server, with OLLAMA_HOST pointing at it and a short client timeout."""
    with running_fake_ollama() as fake:
        monkeypatch.setenv("OLLAMA_HOST", fake.url)
        monkeypatch.setenv("THELOOK_OLLAMA_MODEL", fake.model)
        monkeypatch.setenv("THELOOK_OLLAMA_TIMEOUT", "5")
        settings_module.get_settings.cache_clear()
        yield fake
    settings_module.get_settings.cache_clear()
