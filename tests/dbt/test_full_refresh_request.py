"""A table the loader loaded in full makes the next `dbt build` a full refresh, until one of them succeeds."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import psycopg
import pytest
from dbt_helpers import module_database

from loader import load_tables
from loader.sources.synthetic import SyntheticSource
from loader.state import tables_awaiting_full_refresh
from thelook.dbt import build

pytestmark = pytest.mark.slow


def awaiting(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        return tables_awaiting_full_refresh(conn)


def full_refresh(result: Any) -> bool:
    return bool(result.result.args.get("full_refresh", False))  # dbt records the flag only when it is set


def test_a_full_reload_forces_full_refreshes_until_one_succeeds(pg_server: str, tmp_path: Path) -> None:
    source = SyntheticSource(seed=7, scale=0.005, as_of=date(2025, 1, 25), cache_dir=tmp_path)
    with module_database(pg_server) as url:
        assert load_tables(source_impl=source, progress=False).ok
        assert len(awaiting(url)) == 7  # a first load: the first build tests every row
        assert full_refresh(build())
        assert awaiting(url) == []

        assert load_tables(source_impl=source, tables=["orders"], full_refresh=True, progress=False).ok
        assert awaiting(url) == ["orders"]

        selected = build(select="stg_thelook__distribution_centers")  # forced, but a selection does not settle it
        assert full_refresh(selected)
        assert awaiting(url) == ["orders"]

        assert full_refresh(build())
        assert awaiting(url) == []
        assert not full_refresh(build(select="stg_thelook__distribution_centers"))

        with psycopg.connect(url) as conn:  # a week and a day later
            conn.execute("update loader.full_refresh_builds set started_at = started_at - interval '8 days'")
        assert full_refresh(build(select="stg_thelook__distribution_centers"))
