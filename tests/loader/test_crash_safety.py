"""A load killed with SIGKILL mid-COPY: nothing partial is visible, the watermark stays, the rerun completes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
from loader_helpers import AS_OF, fetch, snapshot

from loader import load_tables
from loader.manifest import TABLE_NAMES, get_spec
from loader.sources.synthetic import SyntheticSource
from thelook.settings import get_settings

SCALE = 0.2  # ~450k events: the COPY lasts long enough to be caught in the act
CHILD = """
import sys
from datetime import date
from pathlib import Path
from loader import load_tables
from loader.sources.synthetic import SyntheticSource
source = SyntheticSource(seed=7, scale={scale}, as_of=date.fromisoformat("{as_of}"), cache_dir=Path(sys.argv[1]))
load_tables(source_impl=source, progress=False)
"""


def _wait_for_copy(url: str, table: str, timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    with psycopg.connect(url, autocommit=True) as conn:
        while time.monotonic() < deadline:
            row = conn.execute(
                "select count(*) from pg_stat_activity where state = 'active' and query ilike %s",
                (f'copy "raw_thelook"."{table}"%',),
            ).fetchone()
            if row and row[0]:
                return
            time.sleep(0.02)
    raise AssertionError(f"no COPY into {table} seen")


def _wait_until_idle(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for _ in range(500):
            row = conn.execute(
                "select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()"
            ).fetchone()
            if row and row[0] == 0:
                return
            time.sleep(0.02)


def test_sigkill_mid_load_then_rerun_matches_uninterrupted_load(warehouse_url, pg_server, tmp_path: Path):
    cache = tmp_path / "cache"
    source = SyntheticSource(seed=7, scale=SCALE, as_of=AS_OF, cache_dir=cache)
    source.describe(get_spec("events"))  # generates and caches the data, so the child starts copying at once
    code = CHILD.format(scale=SCALE, as_of=AS_OF.isoformat())
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(cache)], env={**os.environ, "DATABASE_URL": warehouse_url}
    )
    try:
        _wait_for_copy(warehouse_url, "events")
        time.sleep(0.3)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    _wait_until_idle(warehouse_url)

    # The killed table's transaction never committed: no table, no watermark, no audit row.
    assert fetch(warehouse_url, "select to_regclass('raw_thelook.events') is null") == [(True,)]
    assert fetch(warehouse_url, "select count(*) from loader.watermarks where table_name = 'events'") == [(0,)]
    assert fetch(warehouse_url, "select count(*) from loader.load_runs where table_name = 'events'") == [(0,)]
    # Tables finished before the kill are complete (each commits on its own).
    committed = fetch(warehouse_url, "select table_name from loader.load_runs where status = 'ok'")
    assert {"users", "orders", "order_items", "inventory_items"} <= {row[0] for row in committed}

    rerun = load_tables(source_impl=source, progress=False)
    assert rerun.ok, rerun.summary()
    assert {t.name: t.mode for t in rerun.tables}["events"] == "initial"

    # Compare with an uninterrupted load into another database.
    other_name = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'create database "{other_name}"')
    other_url = pg_server.replace("/thelook?", f"/{other_name}?")
    try:
        settings = get_settings().model_copy(update={"database_url": other_url})
        assert load_tables(source_impl=source, settings=settings, progress=False).ok
        for table in TABLE_NAMES:
            assert snapshot(warehouse_url, table) == snapshot(other_url, table), table
        watermarks = "select table_name, watermark from loader.watermarks order by 1"
        assert fetch(warehouse_url, watermarks) == fetch(other_url, watermarks)
    finally:
        with psycopg.connect(pg_server, autocommit=True) as conn:
            conn.execute(f'drop database if exists "{other_name}" with (force)')
