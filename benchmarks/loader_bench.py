"""Loader benchmark: full-scale synthetic theLook against a bare binary COPY and dlt's merge, on one machine.

Run: .venv/bin/python benchmarks/loader_bench.py --scale 1.0
Every measured step runs in its own process (so its peak memory is its own) against its own fresh database on
an embedded PostgreSQL under --work (or DATABASE_URL's server). Results print as a table and as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TABLE_ORDER = ("distribution_centers", "products", "users", "orders", "order_items", "inventory_items", "events")


def _source(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from loader.sources.synthetic import SyntheticSource

    return SyntheticSource(
        seed=42, scale=args.scale, as_of=date.fromisoformat(args.as_of), cache_dir=Path(args.work) / "synthetic"
    )


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def step_generate(args: argparse.Namespace) -> dict:
    from loader.manifest import get_spec

    source = _source(args)
    start = time.perf_counter()
    rows = sum(source.describe(get_spec(name)).rows or 0 for name in TABLE_ORDER)
    return {"seconds": time.perf_counter() - start, "rows": rows}


def step_bare_copy(args: argparse.Namespace) -> dict:
    """The floor: the same Arrow batches, binary COPY through psycopg into tables of the same DDL (keys included)."""
    import psycopg

    from loader import landing, state
    from loader.manifest import get_spec

    source = _source(args)
    tables = {name: source.describe(get_spec(name)) for name in TABLE_ORDER}  # read the cache before timing
    start, rows = time.perf_counter(), 0
    with psycopg.connect(args.db, autocommit=True) as conn:
        state.ensure_state(conn)
        for name in TABLE_ORDER:
            spec = get_spec(name)
            with conn.transaction():
                conn.execute("select set_config('loader.batch_id', 'bare', true)")
                state.ensure_raw_table(conn, spec, [])
                batches = source.read(spec, list(spec.column_names), None)
                rows += landing.copy_batches(
                    conn, landing.raw_table(spec), spec, list(spec.column_names), batches
                ).rows_read
    assert rows == sum(t.rows or 0 for t in tables.values())
    return {"seconds": time.perf_counter() - start, "rows": rows}


def step_loader(args: argparse.Namespace) -> dict:
    from datetime import UTC, datetime

    from loader import load_tables
    from thelook.settings import get_settings

    source = _source(args)
    from loader.manifest import get_spec

    for name in TABLE_ORDER:
        source.describe(get_spec(name))  # read the cache before timing, as the dlt steps do
    settings = get_settings().model_copy(update={"database_url": args.db})
    since = datetime(1970, 1, 1, tzinfo=UTC) if args.mode == "rerun" else None
    start = time.perf_counter()
    report = load_tables(
        source_impl=source, settings=settings, progress=False, since=since, full_refresh=args.mode == "full-refresh"
    )
    seconds = time.perf_counter() - start
    assert report.ok, report.summary()
    written = sum(t.inserted + t.updated + t.deleted for t in report.tables)
    return {"seconds": seconds, "rows": report.rows_read, "written": written}


def step_dlt(args: argparse.Namespace) -> dict:
    """dlt loading the same Arrow tables with merge on the primary key (what a user would pick instead)."""
    os.environ.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")
    import dlt

    from loader.manifest import get_spec

    source = _source(args)
    data = {name: source._dataset()[name] for name in TABLE_ORDER}

    def resource_for(name: str):  # type: ignore[no-untyped-def]
        spec = get_spec(name)
        return dlt.resource(
            [data[name]], name=name, primary_key=spec.primary_key, write_disposition="merge", table_name=name
        )

    pipeline = dlt.pipeline(
        pipeline_name=f"bench_{args.dlt_format}",
        destination=dlt.destinations.postgres(credentials=_dlt_credentials(args.db)),
        dataset_name="dlt_thelook",
        pipelines_dir=str(Path(args.work) / "dlt" / args.dlt_format),
    )
    start = time.perf_counter()
    kwargs = {"loader_file_format": "parquet"} if args.dlt_format == "parquet" else {}
    pipeline.run([resource_for(name) for name in TABLE_ORDER], **kwargs)
    return {"seconds": time.perf_counter() - start, "rows": sum(t.num_rows for t in data.values())}


def _dlt_credentials(url: str) -> str:
    """dlt wants a host; the embedded server listens on a unix socket, which libpq takes percent-encoded."""
    from urllib.parse import quote

    from psycopg.conninfo import conninfo_to_dict

    info = conninfo_to_dict(url)
    host = quote(str(info.get("host", "localhost")), safe="")
    user, database = info.get("user", "postgres"), info["dbname"]
    return f"postgresql://{user}:unused@{host}:{info.get('port', 5432)}/{database}"


STEPS = {"generate": step_generate, "bare-copy": step_bare_copy, "loader": step_loader, "dlt": step_dlt}


def run_step(args: argparse.Namespace, step: str, db: str, **extra: str) -> dict:
    command = [sys.executable, __file__, "--step", step, "--db", db, "--scale", str(args.scale), "--as-of", args.as_of]
    command += ["--work", args.work]
    for key, value in extra.items():
        command += [f"--{key.replace('_', '-')}", value]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def fresh_database(admin_url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')
        conn.execute(f'create database "{name}"')
    return (
        admin_url.replace("/thelook?", f"/{name}?")
        if "/thelook?" in admin_url
        else admin_url.rsplit("/", 1)[0] + "/" + name
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--as-of", default="2026-12-03")
    parser.add_argument("--work", default="/tmp/thelook-loader-bench")
    parser.add_argument("--skip-dlt", action="store_true")
    parser.add_argument("--step", choices=sorted(STEPS))
    parser.add_argument("--db")
    parser.add_argument("--mode", default="first")
    parser.add_argument("--dlt-format", default="default")
    args = parser.parse_args()
    if args.step:
        result = STEPS[args.step](args)
        result["peak_mb"] = _peak_mb()
        print(json.dumps(result))
        return

    os.environ["THELOOK_DATA_DIR"] = str(Path(args.work) / "warehouse")
    os.environ.pop("DATABASE_URL", None)
    from thelook.warehouse import start_embedded

    admin = start_embedded()
    results: dict[str, dict] = {}
    results["generate (once, cached)"] = run_step(args, "generate", admin)
    results["bare binary COPY"] = run_step(args, "bare-copy", fresh_database(admin, "bench_bare"))
    loader_db = fresh_database(admin, "bench_loader")
    results["loader: first load"] = run_step(args, "loader", loader_db, mode="first")
    results["loader: incremental, no new data"] = run_step(args, "loader", loader_db, mode="incremental")
    results["loader: full re-run, nothing changed"] = run_step(args, "loader", loader_db, mode="rerun")
    results["loader: --full-refresh"] = run_step(args, "loader", loader_db, mode="full-refresh")
    if not args.skip_dlt:
        for fmt in ("default", "parquet"):
            db = fresh_database(admin, f"bench_dlt_{fmt}")
            results[f"dlt {fmt}: first load"] = run_step(args, "dlt", db, dlt_format=fmt)
            results[f"dlt {fmt}: re-run, nothing changed"] = run_step(args, "dlt", db, dlt_format=fmt)
    copy_s = results["bare binary COPY"]["seconds"]
    print(f"{'step':<42}{'seconds':>9}{'rows/s':>11}{'x COPY':>8}{'peak MB':>9}")
    for name, r in results.items():
        rate = r["rows"] / r["seconds"] if r["seconds"] else 0
        print(f"{name:<42}{r['seconds']:>9.1f}{rate:>11,.0f}{r['seconds'] / copy_s:>8.2f}{r['peak_mb']:>9.0f}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
