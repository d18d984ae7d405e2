"""The daily pipeline: load the raw tables, build and test the dbt models, refresh embeddings and summaries."""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task

FLOW_NAME = "thelook-daily"


@task(retries=2, retry_delay_seconds=30)
def load_raw_tables(
    source: str | None, tables: list[str] | None, scale: float | None, path: str | None
) -> dict[str, object]:
    """Land the raw tables incrementally; fail the task when any table failed."""
    from loader import load_tables

    report = load_tables(source, tables, scale=scale, path=Path(path) if path else None, progress=False)
    get_run_logger().info(report.summary())
    if not report.ok:
        failed = [table.name for table in report.tables if table.status == "failed"]
        raise RuntimeError(f"loading failed for {', '.join(failed)}: {report.summary()}")
    return {
        "rows_read": sum(table.rows_read for table in report.tables),
        "inserted": sum(table.inserted for table in report.tables),
        "updated": sum(table.updated for table in report.tables),
    }


@task(retries=1, retry_delay_seconds=30)
def dbt_build() -> dict[str, object]:
    """Run `dbt build` (models and tests); a full refresh after a full load or when the last is a week old."""
    from thelook.dbt import build

    result = build().result
    return {"nodes": len(result.results), "full_refresh": bool(result.args.get("full_refresh", False))}


@task(retries=2, retry_delay_seconds=10)
def refresh_embeddings() -> int:
    """Embed new or changed products; returns how many were embedded."""
    from enrichment.embeddings import refresh_product_embeddings

    return refresh_product_embeddings(progress=False)


@task(retries=2, retry_delay_seconds=10)
def write_daily_summary() -> list[str]:
    """Write the summary of the latest complete day; returns '<date>: <model>' per summary."""
    from enrichment.summaries import write_daily_summaries

    return [f"{result.summary_date}: {result.model}" for result in write_daily_summaries()]


@flow(name=FLOW_NAME, log_prints=True)
def daily_pipeline(
    source: str | None = None,
    tables: list[str] | None = None,
    scale: float | None = None,
    path: str | None = None,
) -> dict[str, object]:
    """Load raw tables, build dbt models and tests, refresh embeddings, write the daily summary."""
    loaded = load_raw_tables(source, tables, scale, path)
    built = dbt_build()
    embedded = refresh_embeddings()
    summaries = write_daily_summary()
    return {"loaded": loaded, "dbt": built, "embedded": embedded, "summaries": summaries}
