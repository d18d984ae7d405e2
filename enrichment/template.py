"""The deterministic summary written from the same facts when the language model cannot be used."""

from __future__ import annotations

from enrichment.facts import DayFacts
from enrichment.formatting import fmt_money_change, fmt_value, kpi_parts, mover_label, unusual_sentence

TEMPLATE_MODEL = "template"


def template_summary(facts: DayFacts) -> str:
    """A plain-English summary whose every number is one of the facts."""
    orders, _, orders_vs_previous, _, orders_vs_week = kpi_parts(facts, "orders")
    gmv, _, gmv_vs_previous, _, gmv_vs_week = kpi_parts(facts, "gmv")
    aov = kpi_parts(facts, "aov")[0]
    cancelled, cancellation_rate = kpi_parts(facts, "cancelled_orders")[0], kpi_parts(facts, "cancellation_rate")[0]
    returned, new_customers = kpi_parts(facts, "returned_orders")[0], kpi_parts(facts, "new_customers")[0]
    sessions, conversion = kpi_parts(facts, "sessions")[0], kpi_parts(facts, "session_conversion_rate")[0]
    sentences = [
        f"On {facts.day.strftime('%A')} {facts.day.isoformat()} theLook took {orders} orders "
        f"({orders_vs_previous} on the previous day, {orders_vs_week} on the same weekday a week before) "
        f"for a GMV of {gmv} ({gmv_vs_previous} on the previous day, {gmv_vs_week} on the week before) "
        f"and an average order value of {aov}.",
        f"{cancelled} orders were cancelled ({cancellation_rate} of orders) and {returned} were returned.",
        f"{new_customers} new customers signed up, and {sessions} sessions converted at {conversion}.",
    ]
    if facts.category_movers:
        moves = ", ".join(
            f"{mover_label(mover)} {fmt_money_change(mover['change'])} (to {fmt_value(mover['gmv'], 'money')})"
            for mover in facts.category_movers
        )
        sentences.append(f"Biggest category moves in GMV against {facts.week_before.isoformat()}: {moves}.")
    sentences.extend(unusual_sentence(flag, facts) for flag in facts.unusual)
    if not facts.unusual:
        sentences.append("Nothing unusual stood out.")
    return " ".join(sentences)
