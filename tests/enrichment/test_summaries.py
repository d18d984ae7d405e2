"""Daily summaries through the real `ollama` client against a local fake server, and the template fallback."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import psycopg
import pytest
from enrichment_marts import SPIKE_DAY
from fake_ollama import FakeOllama, refused_url

from enrichment.prompts import PROMPT_VERSION
from enrichment.summaries import write_daily_summaries
from thelook import settings as settings_module

pytestmark = pytest.mark.slow


def grounded_reply(request: dict[str, Any]) -> str:
    """A faithful answer: it quotes figures from the facts of the prompt it was sent."""
    facts = request["messages"][1]["content"]
    orders = re.search(r"- Orders: (\S+) \|", facts)
    gmv = re.search(r"- GMV: (\S+) \|", facts)
    assert orders and gmv
    return f"theLook took {orders.group(1)} orders worth {gmv.group(1)}; cancellations spiked."


def stored(url: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(
            """
            select summary_date, model, source, fallback_reason, summary, prompt_version, attempts,
                   metrics -> 'unusual', embedding is not null
            from enrichment.daily_summaries order by summary_date
            """
        ).fetchall()


def test_a_normal_answer_is_stored_with_its_model(
    embedding_model: object, marts_db: str, fake_ollama: FakeOllama
) -> None:
    fake_ollama.replies = [grounded_reply]
    [result] = write_daily_summaries()
    assert result.summary_date == SPIKE_DAY  # the day before the last (partial) day of the KPI model
    assert (result.source, result.model, result.fallback_reason, result.attempts) == (
        "ollama",
        "deepseek-r1:1.5b",
        None,
        1,
    )
    [row] = stored(marts_db)
    assert row[:4] == (SPIKE_DAY, "deepseek-r1:1.5b", "ollama", None)
    assert row[4] == result.summary and row[5] == PROMPT_VERSION
    assert row[7] == ["cancellation_spike"] and row[8] is True
    [request] = fake_ollama.chat_requests
    prompt = request["messages"][1]["content"]
    assert "Thursday 2025-01-30" in prompt and "2025-01-29" in prompt and "2025-01-23" in prompt
    assert "Cancellation spike" in prompt and "Top 3 category movers" in prompt
    assert request["stream"] is False and request["model"] == "deepseek-r1:1.5b"


def test_the_think_block_is_stripped(embedding_model: object, marts_db: str, fake_ollama: FakeOllama) -> None:
    fake_ollama.replies = [lambda request: "<think>Were there 999 orders? No.</think>\n\n" + grounded_reply(request)]
    [result] = write_daily_summaries()
    assert result.source == "ollama"
    assert "<think>" not in result.summary and "999" not in result.summary
    assert result.summary.startswith("theLook took")


def test_a_hallucinated_number_is_retried_then_falls_back(
    embedding_model: object, marts_db: str, fake_ollama: FakeOllama
) -> None:
    fake_ollama.replies = ["Orders soared to 123,456 on record demand."]
    [result] = write_daily_summaries()
    assert (result.source, result.model, result.attempts) == ("template", "template", 2)
    assert result.fallback_reason == "grounding_failed: numbers not in the input: 123,456"
    assert len(fake_ollama.chat_requests) == 2
    retry = fake_ollama.chat_requests[1]["messages"]
    assert retry[2] == {"role": "assistant", "content": "Orders soared to 123,456 on record demand."}
    assert "123,456" in retry[3]["content"]
    [row] = stored(marts_db)
    assert row[1:4] == ("template", "template", result.fallback_reason)
    assert "Cancellation spike" in row[4]


def test_a_retry_that_is_grounded_is_kept(embedding_model: object, marts_db: str, fake_ollama: FakeOllama) -> None:
    fake_ollama.replies = ["Orders reached 4,000.", grounded_reply]
    [result] = write_daily_summaries()
    assert (result.source, result.attempts, result.fallback_reason) == ("ollama", 2, None)


def test_an_unknown_model_falls_back(embedding_model: object, marts_db: str, fake_ollama: FakeOllama) -> None:
    fake_ollama.model = "llama3.2:1b"  # the server does not have the configured deepseek-r1:1.5b: HTTP 404
    [result] = write_daily_summaries()
    assert result.source == "template"
    assert result.fallback_reason is not None and result.fallback_reason.startswith("model_missing:")
    assert stored(marts_db)[0][3] == result.fallback_reason


def test_a_timeout_falls_back(
    embedding_model: object, marts_db: str, fake_ollama: FakeOllama, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_ollama.delay_s = 3.0
    monkeypatch.setenv("THELOOK_OLLAMA_TIMEOUT", "0.5")
    settings_module.get_settings.cache_clear()
    [result] = write_daily_summaries()
    assert result.source == "template"
    assert result.fallback_reason == "ollama_timeout: no answer within 0.5 s"
    assert result.seconds < 3.0


def test_a_refused_connection_falls_back_once_per_run(
    embedding_model: object, marts_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    host = refused_url()
    monkeypatch.setenv("OLLAMA_HOST", host)
    settings_module.get_settings.cache_clear()
    results = write_daily_summaries(date(2025, 1, 20), date(2025, 1, 22))
    assert [result.summary_date for result in results] == [date(2025, 1, day) for day in (20, 21, 22)]
    assert {result.source for result in results} == {"template"}
    assert results[0].fallback_reason == f"ollama_unreachable: no Ollama server at {host}"
    # Later days do not wait on a server already known to be down, and say so.
    assert results[1].fallback_reason == f"ollama_unreachable: no Ollama server at {host} (earlier in this run)"
    assert results[1].attempts == 0


def test_summaries_are_idempotent_per_date(embedding_model: object, marts_db: str, fake_ollama: FakeOllama) -> None:
    fake_ollama.replies = [grounded_reply]
    write_daily_summaries(date(2025, 1, 28), date(2025, 1, 30))
    first = stored(marts_db)
    write_daily_summaries(date(2025, 1, 29), date(2025, 1, 30))
    second = stored(marts_db)
    assert [row[0] for row in first] == [row[0] for row in second] == [date(2025, 1, day) for day in (28, 29, 30)]
    assert first == second


def test_the_partial_last_day_is_never_summarised(
    embedding_model: object, marts_db: str, fake_ollama: FakeOllama
) -> None:
    fake_ollama.replies = [grounded_reply]
    results = write_daily_summaries(date(2025, 1, 30), date(2025, 2, 5))
    assert [result.summary_date for result in results] == [SPIKE_DAY]
    assert write_daily_summaries(date(2025, 2, 1)) == []
