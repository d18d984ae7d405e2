"""Number formats shared by the prompt's facts and the template summary, so both show the very same figures."""

from __future__ import annotations

from enrichment.facts import KPIS, DayFacts

KIND = {name: kind for name, _, kind in KPIS}
LABEL = {name: label for name, label, _ in KPIS}


def fmt_value(value: float | None, kind: str) -> str:
    """A KPI value: counts as integers, money in dollars and cents, rates as percentages."""
    if value is None:
        return "n/a"
    if kind == "money":
        return f"${value:,.2f}"
    if kind == "rate":
        return f"{value * 100:.1f}%"
    return f"{value:,.0f}"


def fmt_change(value: float | None, before: float | None, kind: str) -> str:
    """The change from `before`: relative for counts and money, in percentage points for rates."""
    if value is None or before is None:
        return "n/a"
    if kind == "rate":
        return f"{(value - before) * 100:+.1f} pp"
    if before == 0:
        return "n/a"
    return f"{(value - before) / before * 100:+.1f}%"


def fmt_money_change(change: float) -> str:
    """A signed dollar change: +$320.00, -$45.10."""
    return f"{'+' if change >= 0 else '-'}${abs(change):,.2f}"


def kpi_parts(facts: DayFacts, name: str) -> tuple[str, str, str, str, str]:
    """(value, previous day's value, change vs previous day, week-before value, change vs week before)."""
    kind = KIND[name]
    value = facts.kpis.get(name)
    previous = (facts.kpis_previous_day or {}).get(name)
    week_before = (facts.kpis_week_before or {}).get(name)
    return (
        fmt_value(value, kind),
        fmt_value(previous, kind),
        fmt_change(value, previous, kind),
        fmt_value(week_before, kind),
        fmt_change(value, week_before, kind),
    )


def mover_label(mover: dict[str, object]) -> str:
    """ "Women Jeans": department then category."""
    return " ".join(str(part) for part in (mover.get("department"), mover.get("category")) if part)


def unusual_sentence(flag: str, facts: DayFacts) -> str:
    """One sentence per unusual flag, quoting the figures that raised it."""
    if flag == "cancellation_spike":
        rate = fmt_value(facts.kpis.get("cancellation_rate"), "rate")
        usual = fmt_value(facts.baseline.get("cancellation_rate"), "rate")
        return f"Cancellation spike: {rate} of orders were cancelled against {usual} over the previous 28 days."
    if flag in ("orders_high", "orders_low"):
        orders = fmt_value(facts.kpis.get("orders"), "count")
        mean = facts.baseline.get("orders_mean")
        usual = f"{mean:,.1f}" if mean is not None else "n/a"
        direction = "far above" if flag == "orders_high" else "far below"
        return f"Orders {direction} usual: {orders} against an average of {usual} a day over the previous 28 days."
    return flag
