"""`thelook load`: the loader's command line, a progress bar per table and a summary table at the end."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from loader.report import LoadReport


def load(
    source: Annotated[
        str | None, typer.Option(help="synthetic, files or bigquery (default: THELOOK_SOURCE, else synthetic).")
    ] = None,
    tables: Annotated[
        str | None, typer.Option(help="Comma-separated table names, e.g. orders,order_items (default: all seven).")
    ] = None,
    scale: Annotated[float | None, typer.Option(help="Synthetic size; 1.0 is the public dataset's size.")] = None,
    path: Annotated[Path | None, typer.Option(help="Folder of CSV/Parquet exports for --source files.")] = None,
    full_refresh: Annotated[
        bool, typer.Option("--full-refresh", help="Reload every requested table in full, atomically.")
    ] = False,
    since: Annotated[
        str | None, typer.Option(help="Re-read rows created at or after this ISO time (UTC if no zone is given).")
    ] = None,
) -> None:
    """Load theLook tables into raw_thelook: incremental, idempotent and one transaction per table."""
    from loader.runner import load_tables

    console = Console()
    try:
        report = load_tables(
            source,
            [name.strip() for name in tables.split(",") if name.strip()] if tables else None,
            scale=scale,
            path=path,
            full_refresh=full_refresh,
            since=_parse_since(since),
            progress=True,
        )
    except (ValueError, TypeError) as error:  # bad table names, source or --since: nothing was queried
        console.print(f"[red]error:[/red] {error}")
        raise typer.Exit(2) from error
    console.print(summary_table(report))
    if report.needs_full_refresh:
        console.print("[yellow]a table was reloaded in full: the next dbt build runs with --full-refresh[/yellow]")
    if not report.ok:
        raise typer.Exit(1)


def _parse_since(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise typer.BadParameter(f"--since {text!r} is not an ISO date or time") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def summary_table(report: LoadReport) -> Table:
    """One row per table: what was read and written, the watermark, and why a table failed or was reloaded."""
    table = Table(title=f"load {report.batch_id} from {report.source}")
    for header in ("table", "status", "mode", "read", "inserted", "updated", "watermark", "seconds", "note"):
        table.add_column(header, justify="right" if header in ("read", "inserted", "updated", "seconds") else "left")
    for t in report.tables:
        color = {"ok": "green", "failed": "red"}.get(t.status, "yellow")
        note = t.error or t.reason or (f"new columns: {', '.join(t.added_columns)}" if t.added_columns else "")
        table.add_row(
            t.name,
            f"[{color}]{t.status}[/{color}]",
            t.mode or "-",
            f"{t.rows_read:,}",
            f"{t.inserted:,}",
            f"{t.updated:,}",
            f"{t.watermark_after:%Y-%m-%d %H:%M}" if t.watermark_after else "-",
            f"{t.duration_s:.2f}",
            note,
        )
    return table
