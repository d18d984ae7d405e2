"""The `thelook` command line: run the pipeline or any one stage, serve the docs, dashboard and schedule."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from enrichment.cli import enrich
from loader.cli import load
from thelook.environment import REPO_ROOT
from thelook.settings import SettingsError, get_settings

app = typer.Typer(
    help="theLook eCommerce analytics: load -> dbt build -> enrichment, with docs, dashboard and a daily schedule.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)
db_app = typer.Typer(help="The warehouse: DATABASE_URL or the embedded PostgreSQL.", no_args_is_help=True)
app.add_typer(db_app, name="db")

DASHBOARD_APP = REPO_ROOT / "dashboard" / "app.py"

SourceOption = Annotated[
    str | None, typer.Option("--source", help="synthetic, files or bigquery [default: THELOOK_SOURCE or synthetic]")
]
ScaleOption = Annotated[
    float | None, typer.Option("--scale", help="Synthetic size; 1.0 = the public dataset [default: THELOOK_SCALE]")
]
PathOption = Annotated[Path | None, typer.Option("--path", help="Folder of CSV/Parquet exports for --source files.")]


@app.command()
def run(source: SourceOption = None, scale: ScaleOption = None, path: PathOption = None) -> None:
    """Run the whole pipeline once as a Prefect flow: load -> dbt build -> enrichment."""
    from flows.daily import daily_pipeline

    outcome = daily_pipeline(source=source, scale=scale, path=str(path) if path else None)
    typer.echo(f"\nPipeline finished: {outcome}")
    thelook = sys.argv[0] if "/" in sys.argv[0] else "thelook"  # as invoked, e.g. .venv/bin/thelook
    typer.echo("Where to look:")
    typer.echo(f"  {thelook} dashboard   # Streamlit dashboard: KPIs, metric pages, chatbot")
    typer.echo(f"  {thelook} docs        # dbt docs site: models, metric definitions, lineage")
    typer.echo(f"  {thelook} db psql     # the warehouse (schemas raw_thelook, marts, enrichment)")


# Each stage owns its command; this application gathers them in pipeline order.
app.command()(load)


@app.command()
def build(
    full_refresh: Annotated[
        bool,
        typer.Option("--full-refresh", help="Rebuild incremental models (forced after a table was reloaded in full)."),
    ] = False,
    select: Annotated[str | None, typer.Option("--select", "-s", help="dbt node selection.")] = None,
) -> None:
    """Build and test the dbt models (`dbt build`)."""
    from thelook.dbt import DbtError
    from thelook.dbt import build as dbt_build

    try:
        dbt_build(full_refresh=full_refresh, select=select)
    except DbtError as error:
        typer.secho(str(error), fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from None


app.command()(enrich)


@app.command()
def docs(
    static: Annotated[bool, typer.Option("--static", help="Write one self-contained HTML file and exit.")] = False,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8080,
) -> None:
    """Generate the dbt docs site from the warehouse and serve it (or write one file with --static)."""
    from thelook.dbt import DbtError
    from thelook.docs import generate_docs, serve_docs

    try:
        page = generate_docs(static=static)
    except DbtError as error:
        typer.secho(str(error), fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from None
    if static:
        typer.echo(f"docs written to {page}")
        return
    serve_docs(host=host, port=port)


@app.command()
def dashboard(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8501,
) -> None:
    """Serve the Streamlit dashboard (KPIs, metric pages and the chatbot)."""
    from thelook.warehouse import database_url

    database_url()  # start the embedded warehouse before the app's first query
    command = [
        sys.executable, "-m", "streamlit", "run", str(DASHBOARD_APP),
        "--server.headless", "true", "--server.address", host, "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    raise typer.Exit(subprocess.call(command))


@app.command()
def serve() -> None:
    """Serve the daily deployment: the pipeline runs on THELOOK_SCHEDULE_CRON until stopped.

    Uses the Prefect server at PREFECT_API_URL, or starts a local one for as long as it serves.
    """
    from flows.deployment import serve_daily

    cron = get_settings().schedule_cron
    typer.echo(f"Serving deployment 'thelook-daily/daily' on cron '{cron}' (Ctrl-C to stop).")
    serve_daily(cron)


@db_app.command("url")
def db_url() -> None:
    """Print the connection URL (psql and psycopg accept it); starts the embedded server if needed."""
    from thelook.warehouse import database_url

    typer.echo(database_url())


@db_app.command("start")
def db_start() -> None:
    """Start the embedded PostgreSQL (no-op with DATABASE_URL)."""
    from thelook.warehouse import connect, database_url

    with connect():
        pass
    typer.echo(f"warehouse ready: {database_url()}")


@db_app.command("stop")
def db_stop() -> None:
    """Stop the embedded PostgreSQL."""
    from thelook.warehouse import stop_embedded

    if get_settings().database_url:
        typer.echo("DATABASE_URL is set: the warehouse is not managed here.")
        return
    typer.echo("stopped" if stop_embedded() else "not running")


@db_app.command("status")
def db_status() -> None:
    """Tell whether the warehouse is reachable, and where."""
    from thelook.warehouse import embedded_status, redact

    settings = get_settings()
    if settings.database_url:
        typer.echo(f"external warehouse (DATABASE_URL): {redact(settings.database_url)}")
        return
    url = embedded_status(settings)
    typer.echo(f"embedded PostgreSQL running: {url}" if url else "embedded PostgreSQL not running")
    if url is None:
        raise typer.Exit(3)


@db_app.command("psql", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def db_psql(ctx: typer.Context) -> None:
    """Open psql on the warehouse; extra arguments go to psql (e.g. -c 'select 1')."""
    from thelook.warehouse import run_psql

    raise typer.Exit(run_psql(args=list(ctx.args)))


def main() -> None:
    """Entry point: turn configuration errors into a one-line message and exit code 2."""
    try:
        app()
    except SettingsError as error:
        typer.secho(str(error), fg=typer.colors.RED, err=True)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
