"""Run dbt in-process against the warehouse, with connection details handed over through the environment."""

from __future__ import annotations

import logging
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

from psycopg.conninfo import conninfo_to_dict

from thelook.settings import REPO_ROOT, Settings, get_settings
from thelook.warehouse import connect, database_url

DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"

log = logging.getLogger(__name__)

# Daily builds test the re-read window of the largest models; a full refresh at least this often tests every row.
FULL_REFRESH_EVERY = timedelta(days=7)


class DbtError(RuntimeError):
    """A dbt command failed; the message lists the failing nodes."""


def dbt_env(settings: Settings | None = None) -> dict[str, str]:
    """The variables `dbt_project/profiles.yml` reads, taken from the warehouse URL."""
    parts = conninfo_to_dict(database_url(settings))
    return {
        "THELOOK_PGHOST": str(parts.get("host") or "localhost"),
        "THELOOK_PGPORT": str(parts.get("port") or 5432),
        "THELOOK_PGUSER": str(parts.get("user") or "postgres"),
        "THELOOK_PGPASSWORD": str(parts.get("password") or ""),
        "THELOOK_PGDATABASE": str(parts.get("dbname") or "postgres"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        # libpq session options for dbt's connections: the marts group millions of events by session, which
        # spills to disk with PostgreSQL's default 4 MB of work memory per sort or hash
        "PGOPTIONS": os.environ.get("THELOOK_DBT_PGOPTIONS", "-c work_mem=64MB"),
    }


def run_dbt(args: list[str], settings: Settings | None = None, *, raise_on_failure: bool = True) -> Any:
    """Invoke dbt with `args` (for example ["build"]) and return dbt's result object."""
    from dbt.cli.main import dbtRunner

    settings = settings or get_settings()
    with connect(settings):
        pass  # the raw and enrichment schemas and pgvector exist before dbt reads them
    os.environ.update(dbt_env(settings))
    project = ["--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)]
    result = dbtRunner().invoke([*args, *project])
    if raise_on_failure and not result.success:
        raise DbtError(f"dbt {' '.join(args)} failed: {_failures(result)}")
    return result


def build(*, full_refresh: bool = False, select: str | None = None, settings: Settings | None = None) -> Any:
    """`dbt build`, with `--full-refresh` forced while a raw table loaded in full awaits one.

    Incremental models merge only their re-read window, so after the loader replaced a table (a regenerated
    source) they must be rebuilt whole; after a first load, the full build also tests every row (daily builds
    test the re-read window of the largest models). The request lives in the warehouse until a full refresh of
    the whole project succeeds, so neither a failed build nor a separate `thelook load` and `thelook build`
    loses it. A full refresh also runs when the last one is over a week old, so every row is tested weekly.
    """
    from loader import state

    settings = settings or get_settings()
    with connect(settings) as conn:
        state.ensure_state(conn)
        awaiting = state.tables_awaiting_full_refresh(conn)
        last = state.last_full_refresh_build(conn)
        started_at = conn.execute("select now()").fetchone()[0]  # type: ignore[index]
    if not full_refresh and awaiting:
        log.warning("loaded in full since the last full refresh: %s; building with --full-refresh", awaiting)
        full_refresh = True
    if not full_refresh and last is not None and started_at - last > FULL_REFRESH_EVERY:
        log.warning("last full refresh %s, over %s ago; building with --full-refresh", last, FULL_REFRESH_EVERY)
        full_refresh = True
    args = ["build", *(["--full-refresh"] if full_refresh else []), *(["--select", select] if select else [])]
    result = run_dbt(args, settings)
    if full_refresh and not select:
        with connect(settings) as conn:
            state.record_full_refresh_build(conn, started_at)
    return result


def _failures(result: Any) -> str:
    if result.exception is not None:
        return str(result.exception)
    failed = [
        f"{node.node.unique_id} ({node.status})"
        for node in getattr(result.result, "results", []) or []
        if str(node.status) in {"error", "fail", "runtime error"}
    ]
    return ", ".join(failed) or "see the dbt log above"


def docs_target() -> Path:
    """Folder where `dbt docs generate` writes the site."""
    return DBT_PROJECT_DIR / "target"
