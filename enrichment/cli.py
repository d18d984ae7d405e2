"""`thelook enrich`: refresh product embeddings and write daily summaries (a date range backfills)."""

from __future__ import annotations

from datetime import datetime

import typer


def enrich(
    from_date: datetime | None = typer.Option(  # noqa: B008  (typer reads its options from defaults)
        None, "--from", formats=["%Y-%m-%d"], help="First day to summarise (default: the latest complete day)."
    ),
    to_date: datetime | None = typer.Option(  # noqa: B008
        None, "--to", formats=["%Y-%m-%d"], help="Last day to summarise (default: the latest complete day)."
    ),
    skip_embeddings: bool = typer.Option(False, "--skip-embeddings", help="Do not refresh product embeddings."),
    skip_summaries: bool = typer.Option(False, "--skip-summaries", help="Do not write daily summaries."),
) -> None:
    """Embed new or changed products and write grounded daily summaries (template fallback without Ollama)."""
    # Imported here: the command line must start fast, and these pull in the embedding stack lazily anyway.
    from rich.console import Console

    from enrichment.embeddings import refresh_product_embeddings
    from enrichment.store import MissingInputError
    from enrichment.summaries import write_daily_summaries

    console = Console()
    if from_date and to_date and from_date > to_date:
        raise typer.BadParameter("--from must not be after --to")
    try:
        if not skip_embeddings:
            embedded = refresh_product_embeddings(progress=console.is_terminal)
            console.print(f"product embeddings: {embedded} embedded")
        results = []
        if not skip_summaries:
            start = from_date.date() if from_date else None
            end = to_date.date() if to_date else None
            results = write_daily_summaries(start, end)
    except MissingInputError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from None
    if not skip_summaries:
        if not results:
            console.print("daily summaries: no complete day to summarise in marts.rpt_kpis_daily")
        for result in results:
            reason = f" ({result.fallback_reason})" if result.fallback_reason else ""
            console.print(f"{result.summary_date}: {result.source}{reason}, {result.seconds:.1f} s")
