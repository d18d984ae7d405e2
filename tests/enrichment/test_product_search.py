"""Search over HNSW: filtered results are exact (iterative scan), scores are returned, filters are parameters."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import psycopg
import pytest
from enrichment_marts import create_marts

from enrichment.model import DIMENSIONS, MODEL_NAME
from enrichment.search import search_products_by_vector, search_summaries_by_vector, vector_literal
from enrichment.store import ensure_tables

ROWS = 3000
DEPARTMENTS = ["Men", "Women"]
CATEGORIES = ["Jeans", "Socks", "Dresses", "Swim", "Suits", "Tops", "Shorts", "Sweaters", "Pants", "Coats"]


@pytest.fixture
def random_products(warehouse_url: str) -> Iterator[tuple[psycopg.Connection, np.ndarray, list[tuple]]]:
    """3,000 products with random unit vectors behind an HNSW index; 1% of them are 'Rare' items."""
    generator = np.random.default_rng(7)
    vectors = generator.normal(size=(ROWS, DIMENSIONS)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    attributes = []
    for index in range(ROWS):
        category = "Rare" if index % 100 == 0 else CATEGORIES[index % len(CATEGORIES)]
        attributes.append((index + 1, DEPARTMENTS[index % 2], category, float(5 + index % 300)))
    with psycopg.connect(warehouse_url) as conn:
        create_marts(conn)
        conn.execute("create extension if not exists vector")
        conn.execute("create schema if not exists enrichment")
        ensure_tables(conn)
        with conn.cursor() as cursor:
            cursor.executemany(
                """
                insert into enrichment.product_embeddings
                    (product_id, model, text_hash, embedded_text, department, category, brand, retail_price, embedding)
                values (%s, %s, 'x', 'x', %s, %s, 'Brand', %s, %s::vector)
                """,
                [
                    (row[0], MODEL_NAME, *row[1:], vector_literal(vector))
                    for row, vector in zip(attributes, vectors, strict=True)
                ],
            )
        conn.execute("analyze enrichment.product_embeddings")
        conn.commit()
        yield conn, vectors, attributes


def exact_top(vectors: np.ndarray, query: np.ndarray, keep: list[bool], k: int) -> list[int]:
    scores = vectors @ query
    order = [int(index) for index in np.argsort(-scores) if keep[index]]
    return [index + 1 for index in order[:k]]


def test_filtered_search_is_exact_with_a_rare_filter(random_products: tuple) -> None:
    conn, vectors, attributes = random_products
    query = vectors[1] + 0.1 * vectors[2]
    query /= np.linalg.norm(query)
    # On 3,000 rows the planner would rather sort them all; on 29,120 it walks the index, as forced here.
    conn.execute("set enable_seqscan = off")
    hits = search_products_by_vector(conn, query, k=10, filters={"category": "rare"})
    keep = [row[2] == "Rare" for row in attributes]
    # Plain HNSW stops after ef_search (40) candidates and returns about one of the 30 rare products.
    assert len(hits) == 10
    assert all(attributes[hit.product_id - 1][2] == "Rare" for hit in hits)
    # HNSW is approximate (random 384-d vectors are its hardest case): most of the exact top 10, in score order.
    assert len({hit.product_id for hit in hits} & set(exact_top(vectors, query, keep, 10))) >= 8
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
    assert np.allclose(
        [hit.score for hit in hits], [float(vectors[hit.product_id - 1] @ query) for hit in hits], atol=1e-4
    )


def test_filters_combine_and_use_the_index(random_products: tuple) -> None:
    conn, vectors, attributes = random_products
    filters = {"department": ["men", "kids"], "category": "Jeans", "min_price": 50, "max_price": 150}
    hits = search_products_by_vector(conn, vectors[10], k=5, filters=filters)
    keep = [row[1] == "Men" and row[2] == "Jeans" and 50 <= row[3] <= 150 for row in attributes]
    assert len(hits) == 5 and all(keep[hit.product_id - 1] for hit in hits)
    assert len({hit.product_id for hit in hits} & set(exact_top(vectors, vectors[10], keep, 5))) >= 4
    plan = conn.execute(
        "explain select product_id from enrichment.product_embeddings order by embedding <=> %s::vector limit 5",
        (vector_literal(vectors[10]),),
    ).fetchall()
    assert any("product_embeddings_embedding_hnsw" in line[0] for line in plan)


def test_filter_values_are_parameters_and_names_are_allow_listed(random_products: tuple) -> None:
    conn, vectors, _ = random_products
    hostile = "x' or 1=1; drop table enrichment.product_embeddings; --"
    assert search_products_by_vector(conn, vectors[0], k=5, filters={"category": hostile}) == []
    with pytest.raises(ValueError, match="unknown search filter"):
        search_products_by_vector(conn, vectors[0], k=5, filters={"1=1; drop table x; --": "a"})
    count = conn.execute("select count(*) from enrichment.product_embeddings").fetchone()
    assert count == (ROWS,)


def test_search_on_an_empty_warehouse_returns_nothing(warehouse_url: str) -> None:
    with psycopg.connect(warehouse_url) as conn:
        assert search_products_by_vector(conn, np.ones(DIMENSIONS) / DIMENSIONS**0.5, k=3) == []
        assert search_summaries_by_vector(conn, np.ones(DIMENSIONS) / DIMENSIONS**0.5, k=3) == []
