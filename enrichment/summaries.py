"""Daily summaries: grounded text from the language model, or a template from the same numbers, one row per day."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from datetime import date, timedelta

import psycopg

from enrichment import llm
from enrichment import model as embedding_model
from enrichment.facts import DayFacts, latest_complete_day, read_day_facts
from enrichment.grounding import check_grounding, strip_think
from enrichment.prompts import PROMPT_VERSION, render_facts, retry_messages, summary_messages
from enrichment.store import ensure_tables, require_relation
from enrichment.template import TEMPLATE_MODEL, template_summary
from thelook.settings import Settings, get_settings
from thelook.warehouse import connect

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SummaryResult:
    """What was written for one day and which path wrote it."""

    summary_date: date
    source: str  # 'ollama' or 'template'
    model: str
    fallback_reason: str | None
    summary: str
    attempts: int
    seconds: float


@dataclass(frozen=True)
class _Generated:
    source: str
    model: str
    fallback_reason: str | None
    summary: str
    attempts: int


class _ModelState:
    """Remembers within one run that the model is down, so a backfill does not wait on it once per day."""

    def __init__(self) -> None:
        self.down: llm.ModelUnavailable | None = None


def generate_summary(facts: DayFacts, settings: Settings, state: _ModelState | None = None) -> _Generated:
    """Ask the model (one retry when a number is not grounded); fall back to the template with the reason."""
    state = state or _ModelState()
    facts_text = render_facts(facts)
    if state.down is not None:
        return _fallback(facts, f"{state.down.reason}: {state.down.detail} (earlier in this run)", attempts=0)
    messages = summary_messages(facts_text)
    unmatched: list[str] = []
    for attempt in (1, 2):
        try:
            reply = llm.chat(messages, settings)
        except llm.ModelUnavailable as error:
            state.down = error
            return _fallback(facts, f"{error.reason}: {error.detail}", attempts=attempt)
        text = strip_think(reply)
        grounding = check_grounding(text, facts_text)
        if text and grounding.ok:
            return _Generated("ollama", settings.ollama_model, None, text, attempt)
        unmatched = grounding.unmatched if text else ["(empty answer)"]
        log.warning("summary of %s not grounded (attempt %d): %s", facts.day, attempt, unmatched)
        messages = retry_messages(facts_text, text, unmatched)
    return _fallback(facts, f"grounding_failed: numbers not in the input: {', '.join(unmatched)}", attempts=2)


def _fallback(facts: DayFacts, reason: str, attempts: int) -> _Generated:
    return _Generated("template", TEMPLATE_MODEL, reason, template_summary(facts), attempts)


_UPSERT = """
    insert into enrichment.daily_summaries (
        summary_date, model, prompt_version, source, fallback_reason, summary, metrics, attempts,
        generation_seconds, embedding_model, embedding, created_at
    )
    values (%s, %s, %s, %s, %s, %s, %s::jsonb, %s, %s, %s, %s, now())
    on conflict (summary_date) do update set
        model = excluded.model,
        prompt_version = excluded.prompt_version,
        source = excluded.source,
        fallback_reason = excluded.fallback_reason,
        summary = excluded.summary,
        metrics = excluded.metrics,
        attempts = excluded.attempts,
        generation_seconds = excluded.generation_seconds,
        embedding_model = excluded.embedding_model,
        embedding = excluded.embedding,
        created_at = excluded.created_at
"""


def summary_document(summary_date: date, summary: str) -> str:
    """The text embedded for a summary: its date words help questions such as "last Friday's cancellations"."""
    return f"Daily summary for {summary_date.strftime('%A %d %B %Y')}: {summary}"


def resolve_days(conn: psycopg.Connection, start: date | None, end: date | None) -> list[date]:
    """The days to summarise: by default the latest complete day; never the last (partial) day of the model."""
    latest = latest_complete_day(conn)
    if latest is None:
        return []
    if start is None and end is None:
        start = end = latest
    elif end is None:
        end = latest  # --from alone backfills up to the latest complete day
    elif start is None:
        start = end
    assert start is not None and end is not None
    if end > latest:
        log.info("summaries stop at %s, the latest complete day (the last day of the model is partial)", latest)
        end = latest
    return [start + timedelta(days=offset) for offset in range((end - start).days + 1)]


def write_daily_summaries(
    start: date | None = None, end: date | None = None, settings: Settings | None = None
) -> list[SummaryResult]:
    """Write (or rewrite) the summary of each day from `start` to `end`; one row per day, so reruns are safe."""
    settings = settings or get_settings()
    state = _ModelState()
    results = []
    with connect(settings) as conn:
        ensure_tables(conn)
        require_relation(conn, "marts.rpt_kpis_daily")
        require_relation(conn, "marts.rpt_category_sales_daily")
        for day in resolve_days(conn, start, end):
            began = time.perf_counter()
            facts = read_day_facts(conn, day)
            if facts is None:
                log.warning("no KPI row for %s: no summary written", day)
                continue
            generated = generate_summary(facts, settings, state)
            seconds = time.perf_counter() - began
            vector = embedding_model.encode_one(summary_document(day, generated.summary))
            conn.execute(
                _UPSERT,
                (
                    day,
                    generated.model,
                    PROMPT_VERSION,
                    generated.source,
                    generated.fallback_reason,
                    generated.summary,
                    json.dumps(facts.to_json()),
                    generated.attempts,
                    seconds,
                    embedding_model.MODEL_NAME,
                    vector,
                ),
            )
            conn.commit()
            results.append(
                SummaryResult(
                    day,
                    generated.source,
                    generated.model,
                    generated.fallback_reason,
                    generated.summary,
                    generated.attempts,
                    seconds,
                )
            )
            log.info("summary of %s written by %s", day, generated.source)
    return results
