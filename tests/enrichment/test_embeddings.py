"""Product embeddings with the real model on the embedded Postgres: shape, ranking and incremental refresh."""

from __future__ import annotations

import numpy as np
import psycopg
import pytest
from enrichment_marts import PRODUCTS

from enrichment.embeddings import Product, price_band, product_text, refresh_product_embeddings
from enrichment.model import DIMENSIONS, MODEL_NAME, encode
from enrichment.search import search_products
from enrichment.store import ensure_tables
from thelook.warehouse import connect

pytestmark = pytest.mark.slow


def test_product_text_carries_every_field_and_a_price_band() -> None:
    product = Product(1, "Hooded Puffer Jacket", "The North Face", "Outerwear & Coats", "Men", 189.0)
    assert product_text(product) == "Hooded Puffer Jacket. Men's Outerwear & Coats by The North Face, premium price."
    assert [price_band(price) for price in (None, 5, 20, 75, 100, 999)] == [
        "unknown price",
        "budget",
        "mid-range",
        "upper mid-range",
        "premium",
        "luxury",
    ]
    assert "an unknown brand" in product_text(Product(2, None, None, None, None, None))


def test_embeddings_are_384_dimensional_and_normalised(embedding_model: object, marts_db: str) -> None:
    assert refresh_product_embeddings(progress=False) == len(PRODUCTS)
    with psycopg.connect(marts_db) as conn:
        rows = conn.execute(
            "select model, vector_dims(embedding), vector_norm(embedding) from enrichment.product_embeddings"
        ).fetchall()
        index = conn.execute(
            "select indexdef from pg_indexes where tablename = 'product_embeddings' and indexdef like '%hnsw%'"
        ).fetchone()
    assert len(rows) == len(PRODUCTS)
    assert {(model, dims) for model, dims, _ in rows} == {(MODEL_NAME, DIMENSIONS)}
    assert all(abs(norm - 1.0) < 1e-4 for _, _, norm in rows)
    assert index is not None and "vector_cosine_ops" in index[0]
    vectors = encode(["a warm jacket", "socks"])
    assert vectors.shape == (2, DIMENSIONS) and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_a_winter_jacket_query_ranks_jackets_above_socks(embedding_model: object, marts_db: str) -> None:
    refresh_product_embeddings(progress=False)
    hits = search_products("men's winter jacket", k=len(PRODUCTS))
    ranked = [hit.category for hit in hits]
    assert ranked[0] == "Outerwear & Coats"
    assert max(ranked.index("Outerwear & Coats"), 1) < ranked.index("Socks")
    jackets = [hit.score for hit in hits if hit.product_id in (1, 2)]
    socks = [hit.score for hit in hits if hit.product_id in (3, 4)]
    assert min(jackets) > max(socks)
    assert all(-1.0 <= hit.score <= 1.0 for hit in hits)
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)


def test_rerun_embeds_nothing_and_changes_are_re_embedded(embedding_model: object, marts_db: str) -> None:
    assert refresh_product_embeddings(progress=False) == len(PRODUCTS)
    assert refresh_product_embeddings(progress=False) == 0
    with psycopg.connect(marts_db) as conn:
        before: dict[int, str] = dict(
            conn.execute("select product_id, embedding::text from enrichment.product_embeddings").fetchall()
        )
        conn.execute("update marts.dim_products set product_name = 'Merino Wool Ski Socks' where product_id = 3")
        # A price change inside the same band changes no text: the stored price follows without re-embedding.
        conn.execute("update marts.dim_products set retail_price = 13.49 where product_id = 4")
        conn.execute("insert into marts.dim_products (product_id, product_name, retail_price) values (99, 'Scarf', 9)")
        conn.execute("delete from marts.dim_products where product_id = 8")
        conn.commit()
    assert refresh_product_embeddings(progress=False) == 2  # the renamed product and the new one
    with psycopg.connect(marts_db) as conn:
        after: dict[int, str] = dict(
            conn.execute("select product_id, embedding::text from enrichment.product_embeddings").fetchall()
        )
        price = conn.execute("select retail_price from enrichment.product_embeddings where product_id = 4").fetchone()
    assert after[3] != before[3]
    assert after[4] == before[4] and price == (13.49,)
    assert 99 in after and 8 not in after
    assert refresh_product_embeddings(progress=False) == 0


def test_a_model_change_re_embeds_everything(embedding_model: object, marts_db: str) -> None:
    refresh_product_embeddings(progress=False)
    with psycopg.connect(marts_db) as conn:
        conn.execute("update enrichment.product_embeddings set model = 'some-older-model' where product_id <= 4")
        conn.commit()
    assert refresh_product_embeddings(progress=False) == 4
    with psycopg.connect(marts_db) as conn:
        models = conn.execute("select distinct model from enrichment.product_embeddings").fetchall()
        index = conn.execute("select to_regclass('enrichment.product_embeddings_embedding_hnsw')").fetchone()
    assert models == [(MODEL_NAME,)]
    assert index is not None and index[0] is not None  # half the table was re-embedded: the index was rebuilt


def test_summaries_from_another_model_are_re_embedded(embedding_model: object, marts_db: str) -> None:
    with connect() as conn:  # the project's connection: pgvector and the enrichment schema in place
        ensure_tables(conn)
        conn.execute(
            """
            insert into enrichment.daily_summaries (summary_date, model, prompt_version, source, summary, metrics,
                                                    embedding_model, embedding)
            values ('2025-01-30', 'template', 'v0', 'template', 'Cancellations spiked.', '{}', 'old-model', null)
            """
        )
        conn.commit()
    refresh_product_embeddings(progress=False)
    with psycopg.connect(marts_db) as conn:
        row = conn.execute("select embedding_model, vector_dims(embedding) from enrichment.daily_summaries").fetchone()
    assert row == (MODEL_NAME, DIMENSIONS)
