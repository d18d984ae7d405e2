"""The declarative table manifest: how each of the seven theLook tables is keyed, read and typed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

import pyarrow as pa

# BigQuery type -> (Postgres type, Arrow type the loader lands). GEOGRAPHY arrives and is stored as WKT text.
PG_TYPES = {
    "INTEGER": "bigint",
    "FLOAT": "double precision",
    "STRING": "text",
    "TIMESTAMP": "timestamptz",
    "GEOGRAPHY": "text",
}
ARROW_TYPES = {
    "INTEGER": pa.int64(),
    "FLOAT": pa.float64(),
    "STRING": pa.large_string(),
    "TIMESTAMP": pa.timestamp("us", tz="UTC"),
    "GEOGRAPHY": pa.large_string(),
}


class UnknownTableError(ValueError):
    """A table name that is not in the manifest."""


class UnknownColumnError(ValueError):
    """A column name that is not declared for its table."""


@dataclass(frozen=True)
class Column:
    name: str
    bq_type: str

    @property
    def pg_type(self) -> str:
        return PG_TYPES[self.bq_type]

    @property
    def arrow_type(self) -> pa.DataType:
        return ARROW_TYPES[self.bq_type]


@dataclass(frozen=True)
class TableSpec:
    """How one table is loaded. `cursor_column` None means a snapshot table, compared and replaced whole."""

    name: str
    primary_key: str
    cursor_column: str | None
    lag: timedelta
    columns: tuple[Column, ...]
    # Google regenerates these tables every day: loaded keys are fingerprinted against the source.
    regenerated: bool = True
    # Columns that change after creation. Their timestamps mark when: a row whose change timestamp falls in
    # the re-read window is read again even if it was created long before.
    updates: tuple[str, ...] = ()

    @property
    def snapshot(self) -> bool:
        return self.cursor_column is None

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        known = ", ".join(self.column_names)
        raise UnknownColumnError(f"unknown column {name!r} for table {self.name!r}; known: {known}")

    @property
    def change_cursors(self) -> tuple[str, ...]:
        """Timestamp columns among `updates`: rows whose value is inside the re-read window are read again."""
        return tuple(name for name in self.updates if self.column(name).bq_type == "TIMESTAMP")

    def arrow_schema(self) -> pa.Schema:
        return pa.schema([pa.field(column.name, column.arrow_type) for column in self.columns])


def _columns(spec: str) -> tuple[Column, ...]:
    """Parse 'name TYPE, name TYPE' (SCHEMA.md order) into columns."""
    pairs = (item.split() for item in spec.split(","))
    return tuple(Column(name, bq_type) for name, bq_type in pairs)


TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "distribution_centers",
        "id",
        None,
        timedelta(0),
        _columns("id INTEGER, name STRING, latitude FLOAT, longitude FLOAT, distribution_center_geom GEOGRAPHY"),
        regenerated=False,
    ),
    TableSpec(
        "products",
        "id",
        None,
        timedelta(0),
        _columns(
            "id INTEGER, cost FLOAT, category STRING, name STRING, brand STRING, "
            "retail_price FLOAT, department STRING, sku STRING, distribution_center_id INTEGER"
        ),
        regenerated=False,
    ),
    # Users never change after creation; one day of lag absorbs rows landing around the as-of boundary.
    TableSpec(
        "users",
        "id",
        "created_at",
        timedelta(days=1),
        _columns(
            "id INTEGER, first_name STRING, last_name STRING, email STRING, age INTEGER, "
            "gender STRING, state STRING, street_address STRING, postal_code STRING, city STRING, "
            "country STRING, latitude FLOAT, longitude FLOAT, traffic_source STRING, "
            "created_at TIMESTAMP, user_geom GEOGRAPHY"
        ),
    ),
    # Status moves Processing -> Shipped -> Complete -> Returned after creation and each step stamps its time,
    # which finds the changed rows. An order appears once its last item exists, up to ~4 days after its
    # created_at, hence a 5-day window.
    TableSpec(
        "orders",
        "order_id",
        "created_at",
        timedelta(days=5),
        _columns(
            "order_id INTEGER, user_id INTEGER, status STRING, gender STRING, created_at TIMESTAMP, "
            "returned_at TIMESTAMP, shipped_at TIMESTAMP, delivered_at TIMESTAMP, "
            "num_of_item INTEGER"
        ),
        updates=("status", "shipped_at", "delivered_at", "returned_at"),
    ),
    # Items copy their order's status and timestamps and appear with it.
    TableSpec(
        "order_items",
        "id",
        "created_at",
        timedelta(days=5),
        _columns(
            "id INTEGER, order_id INTEGER, user_id INTEGER, product_id INTEGER, "
            "inventory_item_id INTEGER, status STRING, created_at TIMESTAMP, shipped_at TIMESTAMP, "
            "delivered_at TIMESTAMP, returned_at TIMESTAMP, sale_price FLOAT"
        ),
        updates=("status", "shipped_at", "delivered_at", "returned_at"),
    ),
    # A unit is stocked up to 60 days before it is sold; the sale stamps sold_at, which finds the changed rows.
    TableSpec(
        "inventory_items",
        "id",
        "created_at",
        timedelta(days=1),
        _columns(
            "id INTEGER, product_id INTEGER, created_at TIMESTAMP, sold_at TIMESTAMP, cost FLOAT, "
            "product_category STRING, product_name STRING, product_brand STRING, "
            "product_retail_price FLOAT, product_department STRING, product_sku STRING, "
            "product_distribution_center_id INTEGER"
        ),
        updates=("sold_at",),
    ),
    # Events never change, but a purchase session becomes visible with its order, up to ~4 days after it began.
    TableSpec(
        "events",
        "id",
        "created_at",
        timedelta(days=5),
        _columns(
            "id INTEGER, user_id INTEGER, sequence_number INTEGER, session_id STRING, "
            "created_at TIMESTAMP, ip_address STRING, city STRING, state STRING, "
            "postal_code STRING, browser STRING, traffic_source STRING, uri STRING, "
            "event_type STRING"
        ),
    ),
)

TABLE_NAMES: tuple[str, ...] = tuple(spec.name for spec in TABLES)
_BY_NAME = {spec.name: spec for spec in TABLES}


def get_spec(name: object) -> TableSpec:
    """The spec of a manifest table; anything else is rejected before it can reach a query."""
    if not isinstance(name, str) or name not in _BY_NAME:
        raise UnknownTableError(f"unknown table {name!r}; known tables: {', '.join(TABLE_NAMES)}")
    return _BY_NAME[name]


def resolve_tables(names: str | Sequence[str] | None) -> tuple[TableSpec, ...]:
    """Specs for the requested names (None -> all, in dependency-free manifest order), rejecting unknown names."""
    if names is None:
        return TABLES
    if isinstance(names, str):
        names = [part.strip() for part in names.split(",") if part.strip()]
    specs = [get_spec(name) for name in names]
    wanted = {spec.name for spec in specs}
    return tuple(spec for spec in TABLES if spec.name in wanted)
