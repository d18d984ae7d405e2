"""The synthetic source: a generated theLook as of a date, cached as Parquet so repeated runs read, not regenerate."""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from loader.manifest import TABLE_NAMES, TableSpec
from loader.sources.base import TableInfo, changed_since
from loader.synthetic.dataset import GENERATOR_VERSION, generate_dataset

ROWS_PER_BATCH = 200_000
KEEP_CACHES = 3


def latest_complete_day(now: datetime | None = None) -> date:
    """Yesterday in UTC: the last day that is over, so two runs on the same day see the same data."""
    return ((now or datetime.now(UTC)) - timedelta(days=1)).date()


class SyntheticSource:
    """theLook generated for (seed, scale, as-of, generation); `generation` > 0 is a Google-style regeneration."""

    name = "synthetic"

    def __init__(
        self,
        *,
        seed: int,
        scale: float,
        as_of: date | None = None,
        generation: int = 0,
        cache_dir: Path | None = None,
    ) -> None:
        self.seed, self.scale, self.generation = seed, scale, generation
        self.as_of = as_of or latest_complete_day()
        self.cache_dir = cache_dir
        self._tables: dict[str, pa.Table] | None = None

    @property
    def key(self) -> str:
        version = f"v{GENERATOR_VERSION}"  # a changed generator must not be served from an old cache
        return f"{version}-seed{self.seed}-scale{self.scale:g}-asof{self.as_of.isoformat()}-gen{self.generation}"

    def _dataset(self) -> dict[str, pa.Table]:
        if self._tables is not None:
            return self._tables
        folder = self.cache_dir / self.key if self.cache_dir else None
        if folder is not None and (folder / "_complete").exists():
            self._tables = {name: pq.read_table(folder / f"{name}.parquet", memory_map=True) for name in TABLE_NAMES}
            return self._tables
        tables = generate_dataset(self.seed, self.scale, self.as_of, self.generation)
        if folder is not None:
            self._write_cache(folder, tables)
        self._tables = tables
        return tables

    def _write_cache(self, folder: Path, tables: dict[str, pa.Table]) -> None:
        # Written to a scratch folder and renamed, so a run killed mid-write never leaves a partial cache.
        scratch = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(parents=True)
        for name, table in tables.items():
            pq.write_table(table, scratch / f"{name}.parquet", row_group_size=ROWS_PER_BATCH, compression="lz4")
        (scratch / "_complete").touch()
        shutil.rmtree(folder, ignore_errors=True)
        scratch.rename(folder)
        # A daily schedule makes one cache per day: keep the newest few, not a year of them.
        caches = sorted(
            (p for p in folder.parent.iterdir() if (p / "_complete").exists()), key=lambda p: p.stat().st_mtime
        )
        for old in caches[:-KEEP_CACHES]:
            shutil.rmtree(old, ignore_errors=True)

    def describe(self, spec: TableSpec) -> TableInfo:
        table = self._dataset()[spec.name]
        return TableInfo(table.schema, table.num_rows)

    def read(self, spec: TableSpec, columns: Sequence[str], since: datetime | None) -> Iterator[pa.RecordBatch]:
        table = self._dataset()[spec.name]
        if since is not None and spec.cursor_column is not None:
            table = changed_since(table, spec, since)
        yield from table.select(list(columns)).to_batches(max_chunksize=ROWS_PER_BATCH)

    def lookup(self, spec: TableSpec, columns: Sequence[str], keys: Sequence[int]) -> pa.Table:
        table = self._dataset()[spec.name]
        wanted = pc.is_in(table.column(spec.primary_key), value_set=pa.array(list(keys), pa.int64()))
        return ds.dataset(table.filter(wanted)).to_table(columns=list(columns))
