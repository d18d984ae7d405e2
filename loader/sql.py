"""The audited SQL text builders: identifiers only from the manifest, literals only from typed values."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Literal

from psycopg import sql

from loader.manifest import TableSpec, get_spec

RAW_SCHEMA = "raw_thelook"
STATE_SCHEMA = "loader"
# A column that a source adds on its own (schema drift) must still be a plain lower-case identifier.
_NEW_COLUMN = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_INT64 = (-(2**63), 2**63 - 1)


class UnsafeIdentifierError(ValueError):
    """A name that cannot be used as a column identifier."""


def raw_table(spec_or_name: TableSpec | str) -> sql.Identifier:
    """`raw_thelook.<table>`, for manifest tables only."""
    spec = get_spec(spec_or_name if isinstance(spec_or_name, str) else spec_or_name.name)
    return sql.Identifier(RAW_SCHEMA, spec.name)


def column(spec: TableSpec, name: str) -> sql.Identifier:
    """A declared column of a manifest table."""
    return sql.Identifier(spec.column(name).name)


def new_column(name: str) -> sql.Identifier:
    """A column a source added (schema drift): accepted only as a plain identifier."""
    if not _NEW_COLUMN.fullmatch(name) or name.startswith("_"):
        raise UnsafeIdentifierError(f"source column {name!r} is not a plain lower-case identifier")
    return sql.Identifier(name)


def column_idents(spec: TableSpec, names: tuple[str, ...] | list[str]) -> list[sql.Identifier]:
    """Identifiers for columns: declared ones checked against the manifest, ones a source added by shape."""
    declared = set(spec.column_names)
    return [column(spec, name) if name in declared else new_column(name) for name in names]


def columns(spec: TableSpec, names: tuple[str, ...] | list[str]) -> sql.Composed:
    """A comma-separated column list (see column_idents)."""
    return sql.SQL(", ").join(column_idents(spec, names))


def bq_row_restriction(
    spec: TableSpec,
    column_name: str,
    value: datetime | int | list[int],
    op: Literal[">", ">=", "IN"] = ">=",
) -> str:
    """The one place a BigQuery `row_restriction` is written (the Storage Read API takes no parameters).

    The column must be declared for the table; the value must be a timezone-aware datetime for a TIMESTAMP
    column, an int (or a list of ints for IN) for an INTEGER column. The result is checked against its
    expected shape, so it cannot carry quotes, comments or a second statement.
    """
    declared = spec.column(column_name)
    if op not in (">", ">=", "IN"):
        raise ValueError(f"operator {op!r} not allowed")
    if declared.bq_type == "TIMESTAMP" and op != "IN":
        if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
            raise TypeError("a TIMESTAMP watermark must be a timezone-aware datetime")
        utc = value.astimezone(UTC).replace(tzinfo=None)
        literal = f"TIMESTAMP '{utc.isoformat(sep=' ', timespec='microseconds')}+00:00'"
        pattern = r"TIMESTAMP '\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}\+00:00'"
    elif declared.bq_type == "INTEGER":
        values: list[object] = list(value) if isinstance(value, list) else [value]
        if (op == "IN") != isinstance(value, list) or not values:
            raise TypeError("IN takes a non-empty list of ints")
        for item in values:
            if type(item) is not int or not (_INT64[0] <= item <= _INT64[1]):  # rejects bool, str, float
                raise TypeError("an INTEGER value must be an int in int64 range")
        literal = "(" + ", ".join(str(item) for item in values) + ")" if op == "IN" else str(values[0])
        pattern = r"\(-?\d{1,19}(, -?\d{1,19})*\)" if op == "IN" else r"-?\d{1,19}"
    else:
        raise TypeError(f"no typed literal for {declared.bq_type} with {op}")
    if not re.fullmatch(pattern, literal):  # final shape check, independent of the branches above
        raise ValueError("row restriction literal has an unexpected shape")
    return f"`{declared.name}` {op} {literal}"
