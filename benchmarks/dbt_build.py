"""Benchmark `dbt build`: a full build at synthetic scale 1.0, then a daily incremental build, with database memory.

Usage: .venv/bin/python benchmarks/dbt_build.py [--scale 1.0] [--as-of 2025-01-20] [--data-dir /tmp/dbt-bench]

It starts a private embedded PostgreSQL under --data-dir, loads the synthetic source as of --as-of, runs
`dbt build --full-refresh`, then loads the next day (the loader's incremental path) and runs `dbt build`.
For each build it reports wall time and the peak memory of the database server: the sum of the proportional set
size (PSS, so shared buffers are not counted once per backend) of every PostgreSQL process, sampled every 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def database_pids(pgdata: Path) -> list[int]:
    """PIDs of the postmaster of `pgdata` and all of its children."""
    import psutil

    postmaster = int((pgdata / "postmaster.pid").read_text().splitlines()[0])
    parent = psutil.Process(postmaster)
    return [parent.pid, *(child.pid for child in parent.children(recursive=True))]


def pss_bytes(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return 0


class MemorySampler:
    """Samples the database's total PSS in a thread; `peak` is the largest sum seen."""

    def __init__(self, pgdata: Path, interval_s: float = 0.1) -> None:
        self.pgdata, self.interval_s, self.peak = pgdata, interval_s, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                total = sum(pss_bytes(pid) for pid in database_pids(self.pgdata))
            except Exception:  # a backend ending between listing and reading
                total = 0
            self.peak = max(self.peak, total)
            self._stop.wait(self.interval_s)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def timed_build(args: list[str], pgdata: Path) -> dict[str, Any]:
    from thelook.dbt import run_dbt

    with MemorySampler(pgdata) as sampler:
        started = time.perf_counter()
        result = run_dbt(args, raise_on_failure=False)
        seconds = time.perf_counter() - started
    statuses = [str(node.status) for node in result.result.results]
    return {
        "command": "dbt " + " ".join(args),
        "seconds": round(seconds, 1),
        "peak_db_memory_mb": round(sampler.peak / 2**20, 1),
        "nodes": len(statuses),
        "failed": sum(status in {"error", "fail", "runtime error"} for status in statuses),
        "model_seconds": round(
            sum(node.execution_time for node in result.result.results if node.node.resource_type == "model"), 1
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2025, 1, 20))
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/thelook-dbt-bench"))
    options = parser.parse_args()

    os.environ["THELOOK_DATA_DIR"] = str(options.data_dir)
    os.environ.pop("DATABASE_URL", None)
    # dbt's own target folder (partial parse state, run results), apart from any other dbt run on this checkout
    os.environ["DBT_TARGET_PATH"] = str(options.data_dir / "dbt_target")
    from loader import load_tables
    from thelook.settings import get_settings
    from thelook.warehouse import start_embedded

    get_settings.cache_clear()
    start_embedded()
    pgdata = options.data_dir.resolve() / "pg"

    started = time.perf_counter()
    first = load_tables(source="synthetic", scale=options.scale, as_of=options.as_of, progress=False)
    load_seconds = time.perf_counter() - started
    assert first.ok, first.summary()
    # parse once untimed, so both timed builds start from the same (partially parsed) project state
    from thelook.dbt import run_dbt

    run_dbt(["parse"])
    full = timed_build(["build", "--full-refresh"], pgdata)

    started = time.perf_counter()
    second = load_tables(
        source="synthetic", scale=options.scale, as_of=options.as_of + timedelta(days=1), progress=False
    )
    daily_load_seconds = time.perf_counter() - started
    assert second.ok, second.summary()
    daily = timed_build(["build"], pgdata)

    results = {
        "scale": options.scale,
        "as_of": options.as_of.isoformat(),
        "raw_rows": {table.name: table.rows_read for table in first.tables},
        "load_seconds": round(load_seconds, 1),
        "daily_load_seconds": round(daily_load_seconds, 1),
        "full_build": full,
        "daily_incremental_build": daily,
        "incremental_over_full": round(daily["seconds"] / full["seconds"], 3),
        "incremental_models_over_full_models": round(daily["model_seconds"] / max(full["model_seconds"], 0.1), 3),
    }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
