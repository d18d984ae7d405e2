"""Enrichment benchmark: embedding throughput against bare encode, no-change rerun, search latency, summary time.

Runs on a private embedded PostgreSQL in a temporary folder (nothing of the project's warehouse is touched):

    .venv/bin/python benchmarks/enrichment_benchmark.py [--subset 1024] [--rounds 2]

- Throughput: the same `--subset` product texts through `refresh_product_embeddings` (compose text, hash, encode,
  upsert into the HNSW-indexed table) and through a bare `SentenceTransformer.encode`, alternated `--rounds` times.
- Rerun: 29,120 products (the real products list when present, else synthetic rows of its shape), all already
  embedded; the vectors beyond the subset are random unit vectors with the right text hash (embedding all 29,120
  takes 5-12 min here). Timed in-process and as a fresh `python -c` process.
- Search: top-10 over those 29,120 vectors behind HNSW; SQL only (query vector given), end to end (question
  embedded first), with a filter, and with a new connection per query.
- Summaries: 30 days written with Ollama unreachable (the template path), per day, with and without the
  summary's own embedding.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import psycopg

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "tests" / "enrichment"))

from enrichment_marts import create_marts  # noqa: E402  (test helpers, importable once the path is set)
from fake_ollama import refused_url  # noqa: E402

from thelook import settings as settings_module  # noqa: E402

PRODUCTS_CSV = REPO_ROOT.parent / "shared" / "data" / "thelook" / "farid-zafar-2025-01" / "products.csv.gz"
TOTAL_PRODUCTS = 29_120
QUESTIONS = [
    "men's winter jacket",
    "cheap cotton socks",
    "women's skinny jeans",
    "summer maxi dress",
    "leather belt",
    "luxury wool coat",
    "swimwear for the beach",
    "running shorts",
    "warm knitted sweater",
    "business suit for men",
]


def read_products(path: Path) -> list[tuple[object, ...]]:
    """(id, name, brand, category, department, price) for all 29,120 products, real or synthetic."""
    if path.is_file():
        with gzip.open(path, "rt", newline="") as handle:
            return [
                (int(row["id"]), row["name"] or None, row["brand"] or None, row["category"], row["department"],
                 float(row["retail_price"]))
                for row in csv.DictReader(handle)
            ]  # fmt: skip
    generator = np.random.default_rng(0)
    categories = ["Jeans", "Socks", "Dresses", "Swim", "Suits & Sport Coats", "Tops & Tees", "Outerwear & Coats"]
    return [
        (index, f"Product {index} {categories[index % 7]}", f"Brand {index % 2756}", categories[index % 7],
         "Men" if index % 2 else "Women", float(np.round(generator.uniform(1, 999), 2)))
        for index in range(1, TOTAL_PRODUCTS + 1)
    ]  # fmt: skip


def start_warehouse(folder: Path) -> str:
    """A private embedded server and database; DATABASE_URL points the enrichment code at it."""
    from thelook.warehouse import start_embedded

    os.environ["THELOOK_DATA_DIR"] = str(folder)
    os.environ.pop("DATABASE_URL", None)
    settings_module.get_settings.cache_clear()
    url = start_embedded(settings_module.get_settings())
    os.environ["DATABASE_URL"] = url
    settings_module.get_settings.cache_clear()
    return url


def insert_dim_products(conn: psycopg.Connection, products: list[tuple[object, ...]]) -> None:
    with (
        conn.cursor() as cursor,
        cursor.copy(
            "copy marts.dim_products (product_id, product_name, brand, category, department, retail_price) from stdin"
        ) as copy,
    ):
        for row in products:
            copy.write_row(row)
    conn.commit()


def bench_throughput(url: str, products: list[tuple[object, ...]], subset: int, rounds: int) -> dict[str, float]:
    from enrichment.embeddings import Product, product_text, refresh_product_embeddings
    from enrichment.model import get_model

    sample = products[:: max(1, len(products) // subset)][:subset]
    texts = [product_text(Product(*row)) for row in sample]  # type: ignore[arg-type]
    model = get_model()
    model.encode(texts[:64], batch_size=32)  # warm-up, shared by both paths
    with psycopg.connect(url) as conn:
        insert_dim_products(conn, sample)
    # Time spent inside encode during the pipeline run: the rest is the pipeline's own overhead.
    from enrichment import model as model_module

    inner_encode = model_module.encode
    encode_seconds = [0.0]

    def timed_encode(texts: list[str], batch_size: int = 32) -> model_module.Vectors:
        began = time.perf_counter()
        try:
            return inner_encode(texts, batch_size)
        finally:
            encode_seconds[0] += time.perf_counter() - began

    def run_bare() -> float:
        began = time.perf_counter()
        model.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
        return len(texts) / (time.perf_counter() - began)

    def run_pipeline() -> tuple[float, float]:
        with psycopg.connect(url) as conn:
            if _exists(conn):
                conn.execute("truncate enrichment.product_embeddings")
                conn.commit()
        encode_seconds[0] = 0.0
        model_module.encode = timed_encode  # type: ignore[assignment]
        try:
            began = time.perf_counter()
            embedded = refresh_product_embeddings(progress=False)
            elapsed = time.perf_counter() - began
        finally:
            model_module.encode = inner_encode
        return embedded / elapsed, encode_seconds[0] / elapsed

    bare, pipeline, encode_share = [], [], []
    # ABBA order per round, so a drift of this shared machine's speed hits both paths alike.
    for round_ in range(rounds):
        first_bare = round_ % 2 == 0
        if first_bare:
            bare.append(run_bare())
        rate, share = run_pipeline()
        pipeline.append(rate)
        encode_share.append(share)
        if not first_bare:
            bare.append(run_bare())
    return {
        "texts": len(texts),
        "bare_per_s": statistics.median(bare),
        "pipeline_per_s": statistics.median(pipeline),
        "ratio": statistics.median(pipeline) / statistics.median(bare),
        "encode_share": statistics.median(encode_share),
    }


def _exists(conn: psycopg.Connection) -> bool:
    row = conn.execute("select to_regclass('enrichment.product_embeddings') is not null").fetchone()
    return bool(row and row[0])


def fill_remaining_embeddings(url: str, products: list[tuple[object, ...]]) -> float:
    """All 29,120 products in dim_products and embedded: random unit vectors (right hash) beyond the subset."""
    from enrichment.embeddings import Product, product_text, text_hash
    from enrichment.model import DIMENSIONS, MODEL_NAME
    from enrichment.search import vector_literal

    generator = np.random.default_rng(1)
    with psycopg.connect(url) as conn:
        present = {row[0] for row in conn.execute("select product_id from marts.dim_products").fetchall()}
        missing = [row for row in products if row[0] not in present]
        insert_dim_products(conn, missing)
        began = time.perf_counter()
        conn.execute("drop index enrichment.product_embeddings_embedding_hnsw")
        with (
            conn.cursor() as cursor,
            cursor.copy(
                "copy enrichment.product_embeddings (product_id, model, text_hash, embedded_text, product_name, brand,"
                " category, department, retail_price, embedding) from stdin"
            ) as copy,
        ):
            for row in missing:
                vector = generator.normal(size=DIMENSIONS)
                text = product_text(Product(*row))  # type: ignore[arg-type]
                copy.write_row(
                    (
                        row[0],
                        MODEL_NAME,
                        text_hash(text),
                        text,
                        *row[1:],
                        vector_literal(vector / np.linalg.norm(vector)),
                    )
                )
        conn.execute(
            "create index product_embeddings_embedding_hnsw on enrichment.product_embeddings"
            " using hnsw (embedding vector_cosine_ops)"
        )
        conn.execute("analyze enrichment.product_embeddings")
        conn.commit()
        return time.perf_counter() - began


def bench_rerun(url: str) -> dict[str, float]:
    from enrichment.embeddings import refresh_product_embeddings

    began = time.perf_counter()
    embedded = refresh_product_embeddings(progress=False)
    in_process = time.perf_counter() - began
    code = (
        "import time; t = time.perf_counter();"
        "from enrichment.embeddings import refresh_product_embeddings as r; n = r(progress=False);"
        "print(n, time.perf_counter() - t)"
    )
    began = time.perf_counter()
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO_ROOT)
    fresh = time.perf_counter() - began
    fresh_embedded = int(output.stdout.split()[0])
    return {"embedded": embedded + fresh_embedded, "in_process_s": in_process, "fresh_process_s": fresh}


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


def bench_search(url: str, repeats: int) -> dict[str, tuple[float, float]]:
    from enrichment.model import encode
    from enrichment.search import search_products, search_products_by_vector

    vectors = encode(QUESTIONS)
    results: dict[str, list[float]] = {"sql": [], "sql_filtered": [], "end_to_end": [], "new_connection": []}
    with psycopg.connect(url) as conn:
        for _ in range(3):  # warm caches
            search_products_by_vector(conn, vectors[0], k=10)
        for round_ in range(repeats):
            for index, question in enumerate(QUESTIONS):
                began = time.perf_counter()
                hits = search_products_by_vector(conn, vectors[index], k=10)
                results["sql"].append(time.perf_counter() - began)
                assert len(hits) == 10
                began = time.perf_counter()
                hits = search_products_by_vector(
                    conn, vectors[index], k=10, filters={"department": "Men", "category": "Socks"}
                )
                results["sql_filtered"].append(time.perf_counter() - began)
                assert len(hits) == 10 and {hit.category for hit in hits} == {"Socks"}
                if round_ < 3:
                    began = time.perf_counter()
                    search_products(question, k=10, conn=conn)
                    results["end_to_end"].append(time.perf_counter() - began)
                    began = time.perf_counter()
                    search_products(question, k=10)
                    results["new_connection"].append(time.perf_counter() - began)
    return {name: _percentiles(samples) for name, samples in results.items()}


def insert_daily_marts(url: str, first: date, days: int) -> None:
    generator = np.random.default_rng(2)
    categories = [("Jeans", "Women"), ("Socks", "Men"), ("Dresses", "Women"), ("Outerwear & Coats", "Men")] * 6
    kpis, sales = [], []
    for offset in range(days):
        day = first + timedelta(days=offset)
        orders = int(generator.integers(30, 80))
        cancelled = int(generator.integers(0, 6))
        gmv = round(orders * float(generator.uniform(70, 100)), 2)
        sessions = int(generator.integers(800, 1200))
        kpis.append(
            (day, orders, orders * 2, gmv, round(gmv / orders, 2), cancelled, cancelled / orders, offset % 4,
             int(generator.integers(5, 20)), sessions, orders - 3, (orders - 3) / sessions)
        )  # fmt: skip
        sales += [
            (day, f"{category} {index}", department, 3, 4, round(float(generator.uniform(50, 900)), 2))
            for index, (category, department) in enumerate(categories)
        ]
    with psycopg.connect(url) as conn, conn.cursor() as cursor:
        cursor.executemany(
            "insert into marts.rpt_kpis_daily values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", kpis
        )
        cursor.executemany("insert into marts.rpt_category_sales_daily values (%s, %s, %s, %s, %s, %s)", sales)
        conn.commit()


def bench_summaries(url: str, days: int) -> dict[str, float]:
    from enrichment.facts import read_day_facts
    from enrichment.summaries import generate_summary, write_daily_summaries

    first = date(2025, 1, 1)
    insert_daily_marts(url, first, days + 40)
    os.environ["OLLAMA_HOST"] = refused_url()
    settings_module.get_settings.cache_clear()
    start, end = first + timedelta(days=35), first + timedelta(days=35 + days - 1)
    began = time.perf_counter()
    results = write_daily_summaries(start, end)
    written = time.perf_counter() - began
    assert len(results) == days and {result.source for result in results} == {"template"}
    settings = settings_module.get_settings()
    began = time.perf_counter()
    with psycopg.connect(url) as conn:
        for offset in range(days):
            facts = read_day_facts(conn, start + timedelta(days=offset))
            assert facts is not None
            generate_summary(facts, settings)
    generated = time.perf_counter() - began
    return {
        "days": days,
        "written_ms": written / days * 1000,
        "facts_and_text_ms": generated / days * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subset", type=int, default=1024, help="products embedded for real (throughput)")
    parser.add_argument("--rounds", type=int, default=4, help="alternated rounds of bare and pipeline encoding")
    parser.add_argument("--search-repeats", type=int, default=20, help="passes over the 10 search questions")
    parser.add_argument("--summary-days", type=int, default=30)
    parser.add_argument("--torch-threads", type=int, default=None, help="torch.set_num_threads for both paths")
    args = parser.parse_args()

    import torch

    if args.torch_threads:
        torch.set_num_threads(args.torch_threads)
    products = read_products(PRODUCTS_CSV)
    source = "real products.csv.gz" if PRODUCTS_CSV.is_file() else "synthetic rows"
    print(f"products: {len(products):,} ({source}); torch threads: {torch.get_num_threads()}")
    with tempfile.TemporaryDirectory(prefix="enrichment-bench-") as folder:
        url = start_warehouse(Path(folder))
        try:
            with psycopg.connect(url) as conn:
                create_marts(conn)
            throughput = bench_throughput(url, products, args.subset, args.rounds)
            print(
                f"throughput on {throughput['texts']:.0f} texts: bare encode {throughput['bare_per_s']:.1f}/s, "
                f"refresh_product_embeddings {throughput['pipeline_per_s']:.1f}/s, ratio {throughput['ratio']:.2f}x; "
                f"encode is {throughput['encode_share']:.1%} of the pipeline's time"
            )
            filled = fill_remaining_embeddings(url, products)
            print(f"setup: {len(products) - args.subset:,} random unit vectors copied + HNSW built in {filled:.1f} s")
            rerun = bench_rerun(url)
            print(
                f"rerun with no changes over {len(products):,} products: embedded {rerun['embedded']:.0f}, "
                f"{rerun['in_process_s']:.2f} s in-process, {rerun['fresh_process_s']:.2f} s as a fresh process"
            )
            for name, (p50, p95) in bench_search(url, args.search_repeats).items():
                print(
                    f"search top-10 over {len(products):,} ({name}): p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"
                )
            summaries = bench_summaries(url, args.summary_days)
            print(
                f"summaries, template fallback (Ollama refused), {summaries['days']:.0f} days: "
                f"{summaries['written_ms']:.1f} ms/day written (facts, text, summary embedding, upsert); "
                f"{summaries['facts_and_text_ms']:.1f} ms/day facts + text only"
            )
        finally:
            from thelook.warehouse import stop_embedded

            stop_embedded(settings_module.get_settings())


if __name__ == "__main__":
    main()
