"""The small interface every source implements, and the schema check shared by all of them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

import pyarrow as pa
import pyarrow.compute as pc

from loader.manifest import ARROW_TYPES, TableSpec


class SourceError(RuntimeError):
    """The source cannot deliver a table (missing, too large, malformed, unreachable)."""


class TableMissingError(SourceError):
    """The source has no such table (e.g. an export folder without that file)."""


class SchemaDriftError(SourceError):
    """A declared column is missing or has another type in the source: nothing is loaded for the table."""


@dataclass(frozen=True)
class TableInfo:
    """What a source says about a table before any row is read."""

    schema: pa.Schema
    rows: int | None = None  # exact or estimated row count, for size checks and progress


class Source(Protocol):
    """A theLook source. Rows come as Arrow record batches with the columns asked for, in that order."""

    name: str

    def describe(self, spec: TableSpec) -> TableInfo: ...

    def read(self, spec: TableSpec, columns: Sequence[str], since: datetime | None) -> Iterator[pa.RecordBatch]:
        """Rows whose cursor column is >= `since` (all rows when None or for snapshot tables)."""
        ...

    def lookup(self, spec: TableSpec, columns: Sequence[str], keys: Sequence[int]) -> pa.Table:
        """The rows with these primary key values (for fingerprinting loaded rows against the source)."""
        ...


def changed_since(table: pa.Table, spec: TableSpec, since: datetime) -> pa.Table:
    """Rows created at or after `since`, or changed then (a change timestamp at or after `since`)."""
    assert spec.cursor_column is not None
    bound = pa.scalar(since, pa.timestamp("us", tz="UTC"))
    mask = pc.greater_equal(table.column(spec.cursor_column), bound)
    for name in spec.change_cursors:
        mask = pc.or_kleene(mask, pc.greater_equal(table.column(name), bound))
    return table.filter(mask)  # a null comparison (no change yet) counts as not selected


def type_family(arrow_type: pa.DataType) -> str | None:
    """The BigQuery type an Arrow column stands for (None for an all-null column, which fits anything)."""
    if pa.types.is_null(arrow_type):
        return None
    if pa.types.is_integer(arrow_type):
        return "INTEGER"
    if pa.types.is_floating(arrow_type) or pa.types.is_decimal(arrow_type):
        return "FLOAT"
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type) or pa.types.is_string_view(arrow_type):
        return "STRING"
    if pa.types.is_timestamp(arrow_type) and arrow_type.tz is not None:
        return "TIMESTAMP"
    return str(arrow_type)


@dataclass
class ColumnPlan:
    """Which columns to read: the declared ones plus any the source added, with the Arrow schema to land."""

    columns: list[str]
    schema: pa.Schema
    added: list[tuple[str, str]] = field(default_factory=list)  # (name, BigQuery type) new in the source


def plan_columns(spec: TableSpec, source_schema: pa.Schema) -> ColumnPlan:
    """Compare the source with the manifest: missing or retyped columns stop the table, new ones are added."""
    found = {f.name: f.type for f in source_schema}
    problems = []
    for column in spec.columns:
        if column.name not in found:
            problems.append(f"column {column.name!r} is missing")
            continue
        family = type_family(found[column.name])
        expected = "STRING" if column.bq_type == "GEOGRAPHY" else column.bq_type
        if family is not None and family != expected:
            problems.append(f"column {column.name!r} is {family} in the source, expected {column.bq_type}")
    if problems:
        raise SchemaDriftError(f"{spec.name}: " + "; ".join(problems) + ": nothing loaded for this table")
    fields = [pa.field(c.name, c.arrow_type) for c in spec.columns]
    added = []
    for name, arrow_type in found.items():
        if name in spec.column_names:
            continue
        family = type_family(arrow_type) or "STRING"
        if family not in ("INTEGER", "FLOAT", "STRING", "TIMESTAMP"):
            family = "STRING"
        added.append((name, family))
        fields.append(pa.field(name, ARROW_TYPES[family]))
    schema = pa.schema(fields)
    return ColumnPlan([f.name for f in fields], schema, added)


def conform(batch: pa.RecordBatch | pa.Table, schema: pa.Schema) -> pa.RecordBatch | pa.Table:
    """Select and cast a batch to the landing schema (e.g. string -> large_string, other time zones -> UTC)."""
    selected = batch.select(schema.names)
    if selected.schema.equals(schema):
        return selected
    try:
        return selected.cast(schema)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as error:
        raise SchemaDriftError(f"cannot convert source columns to the declared types: {error}") from error
