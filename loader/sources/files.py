"""The files source: a folder of CSV (optionally gzipped) or Parquet exports, as BigQuery writes them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from loader.manifest import TableSpec
from loader.sources.base import SourceError, TableInfo, TableMissingError, changed_since

ROWS_PER_BATCH = 200_000
SUFFIXES = (".parquet", ".csv", ".csv.gz")
# BigQuery writes `2024-06-23 23:41:55.000000 UTC` or `2024-07-23 11:09:00 UTC`; pandas rewrites drop the zone.
_ZONE_SUFFIX = r"(?: UTC|Z|\+00:00|\+00)$"
_TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S%.f"


class MalformedRowError(SourceError):
    """A value that cannot be read as its column's type; the message names file, line and column."""


class FileSource:
    """Reads `<table>.csv[.gz]`, `<table>.parquet` or sharded `<table>-*.<suffix>` files from one folder."""

    name = "files"

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise SourceError(f"export folder {self.folder} does not exist")
        self._tables: dict[str, pa.Table] = {}

    def files_for(self, spec: TableSpec) -> list[Path]:
        found: list[Path] = []
        for suffix in SUFFIXES:
            found += [self.folder / f"{spec.name}{suffix}"] if (self.folder / f"{spec.name}{suffix}").is_file() else []
            found += sorted(self.folder.glob(f"{spec.name}-*{suffix}"))
        return [path for path in found if path.name.endswith(SUFFIXES)]

    def _table(self, spec: TableSpec) -> pa.Table:
        if spec.name not in self._tables:
            files = self.files_for(spec)
            if not files:
                raise TableMissingError(f"no {spec.name}.csv, .csv.gz or .parquet file in {self.folder}")
            parts = [self._read_file(spec, path) for path in files]
            self._tables[spec.name] = (
                pa.concat_tables(parts, promote_options="permissive") if len(parts) > 1 else parts[0]
            )
        return self._tables[spec.name]

    def _read_file(self, spec: TableSpec, path: Path) -> pa.Table:
        if path.name.endswith(".parquet"):
            return pq.read_table(path)
        try:
            raw = pl.read_csv(path, infer_schema=False)
        except (pl.exceptions.PolarsError, OSError) as error:
            raise MalformedRowError(f"{path.name}: not a readable CSV export: {error}") from error
        columns = []
        for name in raw.columns:
            declared = spec.column(name) if name in spec.column_names else None
            text = raw.get_column(name)
            parsed = _parse(text, declared.bq_type if declared else "STRING")
            # A quoted empty field is NULL too, as BigQuery itself reads it back.
            bad = text.is_not_null() & (text.str.strip_chars() != "") & parsed.is_null()
            if bad.any():
                row = int(bad.arg_max() or 0)
                raise MalformedRowError(
                    f"{path.name} line {row + 2} column {name}: cannot read {text[row]!r} as "
                    f"{declared.bq_type if declared else 'STRING'}"
                )
            columns.append(parsed.alias(name))
        frame = pl.DataFrame(columns)
        table = frame.to_arrow()
        fields = [
            pa.field(n, spec.column(n).arrow_type if n in spec.column_names else pa.large_string())
            for n in frame.columns
        ]
        return table.cast(pa.schema(fields))

    def describe(self, spec: TableSpec) -> TableInfo:
        table = self._table(spec)
        return TableInfo(table.schema, table.num_rows)

    def read(self, spec: TableSpec, columns: Sequence[str], since: datetime | None) -> Iterator[pa.RecordBatch]:
        table = self._table(spec)
        if since is not None and spec.cursor_column is not None:
            table = changed_since(table, spec, since)
        yield from table.select(list(columns)).to_batches(max_chunksize=ROWS_PER_BATCH)

    def lookup(self, spec: TableSpec, columns: Sequence[str], keys: Sequence[int]) -> pa.Table:
        table = self._table(spec)
        wanted = pc.is_in(table.column(spec.primary_key), value_set=pa.array(list(keys), pa.int64()))
        return table.filter(wanted).select(list(columns))


def _parse(text: pl.Series, bq_type: str) -> pl.Series:
    """Text to the column's type; unparsable values become null so the caller can point at them."""
    if bq_type == "INTEGER":
        return text.str.strip_chars().cast(pl.Int64, strict=False)
    if bq_type == "FLOAT":
        return text.str.strip_chars().cast(pl.Float64, strict=False)
    if bq_type == "TIMESTAMP":
        cleaned = text.str.strip_chars().str.replace(_ZONE_SUFFIX, "").str.replace("T", " ", literal=True)
        return cleaned.str.to_datetime(_TIMESTAMP_FORMAT, time_zone="UTC", time_unit="us", strict=False)
    return text.cast(pl.String)
