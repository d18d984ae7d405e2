"""Semantic search over the HNSW indexes: products (with optional filters) and daily summaries, with scores."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import psycopg
from psycopg import sql

from enrichment import model as embedding_model
from thelook.warehouse import connect

MAX_K = 100
VectorLike = Sequence[float] | embedding_model.Vectors
# Filters a caller may use: name -> SQL condition on the embeddings table. Values always travel as parameters.
_FILTERS = {
    "department": "lower(department) = any(%s)",
    "category": "lower(category) = any(%s)",
    "brand": "lower(brand) = any(%s)",
    "min_price": "retail_price >= %s",
    "max_price": "retail_price <= %s",
}


@dataclass(frozen=True)
class ProductHit:
    """A product close to the question; `score` is the cosine similarity (1 is identical)."""

    product_id: int
    product_name: str | None
    brand: str | None
    category: str | None
    department: str | None
    retail_price: float | None
    score: float


@dataclass(frozen=True)
class SummaryHit:
    """A daily summary close to the question."""

    summary_date: date
    summary: str
    source: str
    model: str
    score: float


def vector_literal(vector: VectorLike) -> str:
    """pgvector's text form, so a query needs no type registration round trip."""
    return "[" + ",".join(f"{float(value):.7g}" for value in vector) + "]"


def _filter_clause(filters: dict[str, Any] | None) -> tuple[sql.Composable, list[Any]]:
    if not filters:
        return sql.SQL(""), []
    unknown = sorted(set(filters) - set(_FILTERS))
    if unknown:
        raise ValueError(f"unknown search filter(s) {unknown}; allowed: {sorted(_FILTERS)}")
    conditions: list[sql.Composable] = []
    params: list[Any] = []
    for name, value in filters.items():
        if value is None:
            continue
        if name in ("min_price", "max_price"):
            params.append(float(value))
        else:
            values = [value] if isinstance(value, str) else list(value)
            params.append([str(item).lower() for item in values])
        conditions.append(sql.SQL(_FILTERS[name]))  # a constant from the allow-list
    if not conditions:
        return sql.SQL(""), []
    return sql.SQL("where ") + sql.SQL(" and ").join(conditions), params


@contextmanager
def _session(conn: psycopg.Connection | None) -> Iterator[psycopg.Connection]:
    if conn is not None:
        yield conn
        return
    with connect() as own:
        yield own


def _prepare_scan(conn: psycopg.Connection, k: int) -> None:
    # Without an iterative scan, HNSW stops after ef_search candidates and a filter silently returns fewer than k.
    conn.execute("select set_config('hnsw.iterative_scan', 'strict_order', true)")
    conn.execute("select set_config('hnsw.ef_search', %s, true)", (str(max(40, k)),))


def _table_exists(conn: psycopg.Connection, name: str) -> bool:
    row = conn.execute("select to_regclass(%s) is not null", (name,)).fetchone()
    return bool(row and row[0])


def search_products_by_vector(
    conn: psycopg.Connection, vector: VectorLike, k: int = 5, filters: dict[str, Any] | None = None
) -> list[ProductHit]:
    """The k products nearest to an embedding, among those that pass the filters."""
    k = max(1, min(int(k), MAX_K))
    where, params = _filter_clause(filters)
    query = sql.SQL(
        """
        select product_id, product_name, brand, category, department, retail_price,
               1 - (embedding <=> %s::vector) as score
        from enrichment.product_embeddings
        {where}
        order by embedding <=> %s::vector
        limit %s
        """
    ).format(where=where)
    literal = vector_literal(vector)
    with conn.transaction():
        if not _table_exists(conn, "enrichment.product_embeddings"):
            return []
        _prepare_scan(conn, k)
        rows = conn.execute(query, [literal, *params, literal, k]).fetchall()
    return [ProductHit(int(row[0]), row[1], row[2], row[3], row[4], row[5], float(row[6])) for row in rows]


def search_summaries_by_vector(conn: psycopg.Connection, vector: VectorLike, k: int = 5) -> list[SummaryHit]:
    """The k daily summaries nearest to an embedding."""
    k = max(1, min(int(k), MAX_K))
    literal = vector_literal(vector)
    with conn.transaction():
        if not _table_exists(conn, "enrichment.daily_summaries"):
            return []
        _prepare_scan(conn, k)
        rows = conn.execute(
            """
            select summary_date, summary, source, model, 1 - (embedding <=> %s::vector) as score
            from enrichment.daily_summaries
            where embedding is not null
            order by embedding <=> %s::vector
            limit %s
            """,
            (literal, literal, k),
        ).fetchall()
    return [SummaryHit(row[0], row[1], row[2], row[3], float(row[4])) for row in rows]


def search_products(
    question: str, k: int = 5, filters: dict[str, Any] | None = None, *, conn: psycopg.Connection | None = None
) -> list[ProductHit]:
    """Products that match a free-text question, best first.

    filters: department, category, brand (a value or a list, case-insensitive), min_price, max_price.
    """
    vector = embedding_model.encode_one(question)
    with _session(conn) as session:
        return search_products_by_vector(session, vector, k, filters)


def search_summaries(question: str, k: int = 5, *, conn: psycopg.Connection | None = None) -> list[SummaryHit]:
    """Daily summaries that match a free-text question, best first."""
    vector = embedding_model.encode_one(question)
    with _session(conn) as session:
        return search_summaries_by_vector(session, vector, k)
