"""Product embeddings: one text per product, embedded in batches, upserted only when new or changed."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg

from enrichment import model as embedding_model
from enrichment.store import create_product_index, drop_product_index, ensure_tables, require_relation
from thelook.settings import Settings, get_settings
from thelook.warehouse import connect

log = logging.getLogger(__name__)

# Upper bounds in dollars; the band words are what a shopper would type ("cheap socks", "luxury coat").
PRICE_BANDS = ((20.0, "budget"), (50.0, "mid-range"), (100.0, "upper mid-range"), (250.0, "premium"))
TOP_BAND = "luxury"

# Re-embedding at least this share of the table (a first run, a model change) loads it without its HNSW index.
REBUILD_INDEX_SHARE = 0.5
# A chunk is written and committed as soon as it is embedded, so an interrupted run keeps its progress.
CHUNK_BATCHES = 16


@dataclass(frozen=True)
class Product:
    """The product fields the embedding text is composed from."""

    product_id: int
    product_name: str | None
    brand: str | None
    category: str | None
    department: str | None
    retail_price: float | None


def price_band(retail_price: float | None) -> str:
    """A coarse price word: exact prices add noise to a text embedding, bands carry the meaning."""
    if retail_price is None:
        return "unknown price"
    for upper, band in PRICE_BANDS:
        if retail_price < upper:
            return band
    return TOP_BAND


def product_text(product: Product) -> str:
    """The text embedded for a product, built from its name, brand, category, department and price band."""
    department = product.department or "unisex"
    category = product.category or "product"
    name = (product.product_name or "").strip() or f"{category} item"
    brand = (product.brand or "").strip() or "an unknown brand"
    return f"{name}. {department}'s {category} by {brand}, {price_band(product.retail_price)} price."


def text_hash(text: str) -> str:
    """A stable fingerprint of the embedded text: a different hash means the product changed."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_products(conn: psycopg.Connection) -> list[Product]:
    """Every product of the dbt mart `marts.dim_products`."""
    rows = conn.execute(
        """
        select product_id, product_name, brand, category, department, retail_price
        from marts.dim_products
        order by product_id
        """
    ).fetchall()
    return [Product(int(row[0]), row[1], row[2], row[3], row[4], row[5]) for row in rows]


def stored_fingerprints(conn: psycopg.Connection) -> dict[int, tuple[str, str]]:
    """product_id -> (model, text_hash) of what is embedded now."""
    rows = conn.execute("select product_id, model, text_hash from enrichment.product_embeddings").fetchall()
    return {int(product_id): (model, digest) for product_id, model, digest in rows}


def plan_refresh(
    products: Sequence[Product], stored: dict[int, tuple[str, str]], model_name: str
) -> list[tuple[Product, str, str]]:
    """(product, text, hash) of the products that are new, changed, or embedded by another model."""
    todo = []
    for product in products:
        text = product_text(product)
        digest = text_hash(text)
        if stored.get(product.product_id) != (model_name, digest):
            todo.append((product, text, digest))
    return todo


def _chunks(items: Sequence[tuple[Product, str, str]], size: int) -> Iterator[Sequence[tuple[Product, str, str]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


_UPSERT = """
    insert into enrichment.product_embeddings as target (
        product_id, model, text_hash, embedded_text, product_name, brand, category, department, retail_price,
        embedding, embedded_at
    )
    values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, now())
    on conflict (product_id) do update set
        model = excluded.model,
        text_hash = excluded.text_hash,
        embedded_text = excluded.embedded_text,
        product_name = excluded.product_name,
        brand = excluded.brand,
        category = excluded.category,
        department = excluded.department,
        retail_price = excluded.retail_price,
        embedding = excluded.embedding,
        embedded_at = excluded.embedded_at
"""

# A price change inside the same band leaves the text (and the vector) as it is, but filters read the price.
_SYNC_ATTRIBUTES = """
    update enrichment.product_embeddings as target
    set product_name = products.product_name,
        brand = products.brand,
        category = products.category,
        department = products.department,
        retail_price = products.retail_price
    from marts.dim_products as products
    where products.product_id = target.product_id
      and (target.product_name, target.brand, target.category, target.department, target.retail_price)
          is distinct from
          (products.product_name, products.brand, products.category, products.department, products.retail_price)
"""

_DELETE_GONE = """
    delete from enrichment.product_embeddings as target
    where not exists (select 1 from marts.dim_products as products where products.product_id = target.product_id)
"""


def write_embeddings(
    conn: psycopg.Connection, rows: Sequence[tuple[Product, str, str]], vectors: embedding_model.Vectors
) -> None:
    """Upsert one chunk of embedded products and commit it."""
    params = [
        (
            product.product_id,
            embedding_model.MODEL_NAME,
            digest,
            text,
            product.product_name,
            product.brand,
            product.category,
            product.department,
            product.retail_price,
            vector,
        )
        for (product, text, digest), vector in zip(rows, vectors, strict=True)
    ]
    with conn.cursor() as cursor:
        cursor.executemany(_UPSERT, params)
    conn.commit()


def refresh_product_embeddings(settings: Settings | None = None, progress: bool = True) -> int:
    """Embed the products that are new or changed since the last run (all of them after a model change).

    Returns how many products were embedded: 0 on a rerun with nothing changed.
    """
    settings = settings or get_settings()
    batch_size = settings.embedding_batch_size
    with connect(settings) as conn:
        ensure_tables(conn)
        require_relation(conn, "marts.dim_products")
        products = read_products(conn)
        todo = plan_refresh(products, stored_fingerprints(conn), embedding_model.MODEL_NAME)
        conn.execute(_SYNC_ATTRIBUTES)
        removed = conn.execute(_DELETE_GONE).rowcount
        conn.commit()
        if removed:
            log.info("removed %d embeddings of products no longer in dim_products", removed)
        refresh_summary_embeddings(conn, batch_size)
        if not todo:
            log.info("product embeddings are up to date (%d products)", len(products))
            return 0
        log.info("embedding %d of %d products", len(todo), len(products))
        began, encoding = time.perf_counter(), 0.0
        bulk = len(todo) >= REBUILD_INDEX_SHARE * len(products)
        if bulk:
            drop_product_index(conn)
        try:
            with _progress_bar(progress, len(todo)) as advance:
                for chunk in _chunks(todo, batch_size * CHUNK_BATCHES):
                    encode_began = time.perf_counter()
                    vectors = embedding_model.encode([text for _, text, _ in chunk], batch_size=batch_size)
                    encoding += time.perf_counter() - encode_began
                    write_embeddings(conn, chunk, vectors)
                    advance(len(chunk))
        finally:
            if bulk:
                conn.rollback()  # a failed chunk leaves the transaction aborted; committed chunks stay
                create_product_index(conn)
    elapsed = time.perf_counter() - began
    log.info("embedded %d products in %.1f s, %.1f s of it encoding", len(todo), elapsed, encoding)
    return len(todo)


def refresh_summary_embeddings(conn: psycopg.Connection, batch_size: int = 32) -> int:
    """Embed the daily summaries that have no vector, or one from another model; return how many."""
    from enrichment.summaries import summary_document

    rows = conn.execute(
        """
        select summary_date, summary from enrichment.daily_summaries
        where embedding is null or embedding_model is distinct from %s
        """,
        (embedding_model.MODEL_NAME,),
    ).fetchall()
    if not rows:
        return 0
    vectors = embedding_model.encode([summary_document(day, text) for day, text in rows], batch_size=batch_size)
    with conn.cursor() as cursor:
        cursor.executemany(
            "update enrichment.daily_summaries set embedding = %s, embedding_model = %s where summary_date = %s",
            [(vector, embedding_model.MODEL_NAME, day) for (day, _), vector in zip(rows, vectors, strict=True)],
        )
    conn.commit()
    log.info("re-embedded %d daily summaries", len(rows))
    return len(rows)


@contextmanager
def _progress_bar(enabled: bool, total: int) -> Iterator[Callable[[int], None]]:
    """A function that advances a rich progress bar over products (a no-op when progress is off)."""
    if not enabled:
        yield lambda _count: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("embedding products"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()) as bar:
        task = bar.add_task("embed", total=total)
        yield lambda count: bar.advance(task, count)
