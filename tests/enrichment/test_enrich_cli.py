"""`thelook enrich`: the typer command embeds, backfills summaries for a date range, and validates its dates."""

from __future__ import annotations

import subprocess
import sys

import psycopg
import pytest
import typer
from fake_ollama import FakeOllama
from typer.testing import CliRunner

from enrichment.cli import enrich

pytestmark = pytest.mark.slow


def app() -> typer.Typer:
    application = typer.Typer()
    application.command()(enrich)
    return application


def test_enrich_embeds_and_backfills_a_range(embedding_model: object, marts_db: str, fake_ollama: FakeOllama) -> None:
    fake_ollama.replies = ["No figures today."]
    result = CliRunner().invoke(app(), ["--from", "2025-01-27", "--to", "2025-01-29"])
    assert result.exit_code == 0, result.output
    assert "product embeddings: 8 embedded" in result.output
    assert "2025-01-27: ollama" in result.output and "2025-01-29: ollama" in result.output
    rerun = CliRunner().invoke(app(), ["--from", "2025-01-29", "--to", "2025-01-29"])
    assert "product embeddings: 0 embedded" in rerun.output
    with psycopg.connect(marts_db) as conn:
        days = conn.execute("select count(*) from enrichment.daily_summaries").fetchone()
    assert days == (3,)


def test_enrich_can_skip_either_step(embedding_model: object, marts_db: str, fake_ollama: FakeOllama) -> None:
    result = CliRunner().invoke(app(), ["--skip-embeddings"])
    assert result.exit_code == 0, result.output
    assert "product embeddings" not in result.output and "2025-01-30: ollama" in result.output
    result = CliRunner().invoke(app(), ["--skip-summaries"])
    assert "product embeddings: 8 embedded" in result.output and "2025-01-30" not in result.output


def test_enrich_rejects_bad_dates() -> None:
    assert CliRunner().invoke(app(), ["--from", "30/01/2025"]).exit_code == 2
    result = CliRunner().invoke(app(), ["--from", "2025-01-30", "--to", "2025-01-01"])
    assert result.exit_code == 2 and "--from must not be after --to" in result.output


def test_importing_the_command_does_not_import_the_model_stack() -> None:
    code = "import sys, enrichment.cli; print('sentence_transformers' in sys.modules, 'torch' in sys.modules)"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.split() == ["False", "False"]


def test_enrich_says_when_dbt_has_not_built_the_marts(warehouse_url: str) -> None:
    result = CliRunner().invoke(app(), [])
    assert result.exit_code == 1
    assert "marts.dim_products does not exist yet" in result.output
    result = CliRunner().invoke(app(), ["--skip-embeddings"])
    assert result.exit_code == 1 and "marts.rpt_kpis_daily does not exist yet" in result.output
