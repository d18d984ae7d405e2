"""Grounding: the <think> block is stripped and every number of a summary must come from its input."""

from __future__ import annotations

from datetime import date

import pytest

from enrichment.facts import DayFacts, find_unusual
from enrichment.grounding import check_grounding, extract_numbers, strip_think
from enrichment.prompts import render_facts
from enrichment.template import template_summary


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<think>Orders were 99? Let me check.</think>\nOrders were 52.", "Orders were 52."),
        ("<THINK>\nmulti\nline\n</THINK>Answer", "Answer"),
        ("reasoning without an opening tag 77</think> Answer 5", "Answer 5"),
        ("<think>generation stopped while thinking", ""),
        ("No reasoning at all.", "No reasoning at all."),
    ],
)
def test_strip_think(raw: str, expected: str) -> None:
    assert strip_think(raw) == expected


def test_numbers_are_read_with_their_precision() -> None:
    numbers = extract_numbers("GMV $4,321.50 (+8.3%), 52 orders, 1.2k sessions, 2025-01-24")
    assert [(number.raw, number.value) for number in numbers] == [
        ("4,321.50", 4321.5),
        ("8.3", 8.3),
        ("52", 52.0),
        ("1.2k", 1200.0),
        ("2025", 2025.0),
        ("01", 1.0),
        ("24", 24.0),
    ]


SOURCE = "Orders: 52 | previous day 48, +8.3% | GMV: $4,321.57 | Cancellation rate: 5.8% | Day: 2025-01-24"


@pytest.mark.parametrize(
    "text",
    [
        "Orders rose 8.3% to 52.",
        "GMV was $4,321.57, about $4,322 or $4.3k.",  # rounded figures of an input number
        "GMV was $4,321.5.",  # truncated to one decimal
        "Cancellations fell to 5.8% on January 24, 2025.",
        "Orders were down 8.3%.",  # the sign is wording, not a figure
    ],
)
def test_grounded_text_passes(text: str) -> None:
    assert check_grounding(text, SOURCE).ok


@pytest.mark.parametrize(
    ("text", "unmatched"),
    [
        ("Orders rose 12% to 52.", ["12"]),
        ("GMV was $4,400.", ["4,400"]),
        ("Orders were 52.4 on average.", ["52.4"]),
        ("The cancellation rate was 6.8%, 3 points up.", ["6.8", "3"]),
    ],
)
def test_hallucinated_numbers_are_rejected(text: str, unmatched: list[str]) -> None:
    result = check_grounding(text, SOURCE)
    assert not result.ok
    assert result.unmatched == unmatched


def spike_facts() -> DayFacts:
    kpis: dict[str, float | None] = {
        "orders": 50,
        "items_sold": 100,
        "gmv": 4321.57,
        "aov": 86.43,
        "cancelled_orders": 12,
        "cancellation_rate": 0.24,
        "returned_orders": 2,
        "new_customers": 14,
        "sessions": 1290,
        "session_conversion_rate": 48 / 1290,
    }
    before = {**kpis, "orders": 46, "cancelled_orders": 1, "cancellation_rate": 1 / 46, "gmv": 3933.0}
    baseline: dict[str, float | None] = {"days": 28, "cancellation_rate": 0.031, "orders_mean": 48.0, "orders_std": 6.0}
    movers = [{"category": "Jeans", "department": "Women", "gmv": 1700.0, "gmv_week_before": 1200.0, "change": 500.0}]
    return DayFacts(
        day=date(2025, 1, 30),
        previous_day=date(2025, 1, 29),
        week_before=date(2025, 1, 23),
        kpis=kpis,
        kpis_previous_day=before,
        kpis_week_before=None,
        category_movers=movers,
        baseline=baseline,
        unusual=find_unusual(kpis, baseline),
    )


def test_cancellation_spike_is_flagged_and_explained() -> None:
    facts = spike_facts()
    assert facts.unusual == ["cancellation_spike"]
    text = render_facts(facts)
    assert "Cancellation spike: 24.0% of orders were cancelled against 3.1% over the previous 28 days." in text
    assert "week before n/a" in text  # a missing comparison day is said, not invented


def test_template_summary_is_grounded_in_the_facts() -> None:
    facts = spike_facts()
    summary = template_summary(facts)
    assert "Cancellation spike" in summary and "Women Jeans +$500.00" in summary
    assert check_grounding(summary, render_facts(facts)).ok
