"""The numbers a daily summary may use: one day's KPIs against the day before and the same weekday a week before."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import psycopg
from psycopg.rows import dict_row

# (column, label, kind): kind decides the display format and whether a change is a percentage or in points.
KPIS = (
    ("orders", "Orders", "count"),
    ("items_sold", "Items sold", "count"),
    ("gmv", "GMV", "money"),
    ("aov", "Average order value", "money"),
    ("cancelled_orders", "Cancelled orders", "count"),
    ("cancellation_rate", "Cancellation rate", "rate"),
    ("returned_orders", "Returned orders", "count"),
    ("new_customers", "New customers", "count"),
    ("sessions", "Sessions", "count"),
    ("session_conversion_rate", "Session conversion rate", "rate"),
)
TOP_MOVERS = 3
BASELINE_DAYS = 28
# A cancellation spike: at least this many cancellations and at least this multiple of the baseline rate.
SPIKE_MIN_CANCELLED = 3
SPIKE_RATE_MULTIPLE = 2.0
ORDERS_Z_THRESHOLD = 3.0


@dataclass
class DayFacts:
    """Everything the summary of one day is written from; serialised as the row's `metrics`."""

    day: date
    previous_day: date
    week_before: date
    kpis: dict[str, float | None]
    kpis_previous_day: dict[str, float | None] | None
    kpis_week_before: dict[str, float | None] | None
    category_movers: list[dict[str, Any]] = field(default_factory=list)
    baseline: dict[str, float | None] = field(default_factory=dict)
    unusual: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO strings)."""
        data = asdict(self)
        for key in ("day", "previous_day", "week_before"):
            data[key] = data[key].isoformat()
        return data


def _number(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, Decimal | int | float):
        return float(value)
    raise TypeError(f"not a number: {value!r}")


def _ratio(part: float | None, whole: float | None) -> float | None:
    if part is None or not whole:
        return None
    return part / whole


def read_kpis(conn: psycopg.Connection, days: list[date]) -> dict[date, dict[str, float | None]]:
    """KPIs per day for the given days (absent days are left out).

    Rates are recomputed from their counts, so they are fractions whatever the mart's own convention.
    """
    with conn.cursor(row_factory=dict_row) as cursor:
        rows = cursor.execute(
            """
            select date_day, orders, items_sold, gmv, aov, cancelled_orders, returned_orders, new_customers,
                   sessions, purchase_sessions
            from marts.rpt_kpis_daily
            where date_day = any(%s)
            """,
            (days,),
        ).fetchall()
    result: dict[date, dict[str, float | None]] = {}
    for row in rows:
        kpis = {name: _number(row.get(name)) for name, _, _ in KPIS}
        kpis["cancellation_rate"] = _ratio(kpis["cancelled_orders"], kpis["orders"])
        kpis["session_conversion_rate"] = _ratio(_number(row["purchase_sessions"]), kpis["sessions"])
        result[row["date_day"]] = kpis
    return result


def read_category_movers(conn: psycopg.Connection, day: date, week_before: date) -> list[dict[str, Any]]:
    """The categories whose GMV moved most (in dollars) against the same weekday a week before."""
    rows = conn.execute(
        """
        with
        today as (
            select category, department, sum(gmv) as gmv
            from marts.rpt_category_sales_daily where date_day = %(day)s group by 1, 2
        ),
        week_before as (
            select category, department, sum(gmv) as gmv
            from marts.rpt_category_sales_daily where date_day = %(week_before)s group by 1, 2
        )
        select
            coalesce(today.category, week_before.category) as category,
            coalesce(today.department, week_before.department) as department,
            coalesce(today.gmv, 0) as gmv,
            coalesce(week_before.gmv, 0) as gmv_week_before
        from today
        full outer join week_before
            on today.category = week_before.category and today.department = week_before.department
        order by abs(coalesce(today.gmv, 0) - coalesce(week_before.gmv, 0)) desc, 1, 2
        limit %(limit)s
        """,
        {"day": day, "week_before": week_before, "limit": TOP_MOVERS},
    ).fetchall()
    movers = []
    for category, department, gmv, gmv_week_before in rows:
        gmv_value, before = float(gmv), float(gmv_week_before)
        if round(gmv_value - before, 2) == 0:
            continue
        movers.append(
            {
                "category": category,
                "department": department,
                "gmv": round(gmv_value, 2),
                "gmv_week_before": round(before, 2),
                "change": round(gmv_value - before, 2),
            }
        )
    return movers


def read_baseline(conn: psycopg.Connection, day: date) -> dict[str, float | None]:
    """The trailing 28 days before `day`: cancellation rate and the mean and spread of daily orders."""
    row = conn.execute(
        """
        select count(*), sum(cancelled_orders), sum(orders), avg(orders), stddev_samp(orders)
        from marts.rpt_kpis_daily
        where date_day >= %s and date_day < %s
        """,
        (day - timedelta(days=BASELINE_DAYS), day),
    ).fetchone()
    assert row is not None
    days, cancelled, orders, mean_orders, std_orders = row
    return {
        "days": float(days),
        "cancellation_rate": _ratio(_number(cancelled), _number(orders)),
        "orders_mean": _number(mean_orders),
        "orders_std": _number(std_orders),
    }


def find_unusual(kpis: dict[str, float | None], baseline: dict[str, float | None]) -> list[str]:
    """Short labels of what stands out against the trailing baseline (used by the prompt and the template)."""
    unusual = []
    cancelled = kpis.get("cancelled_orders") or 0
    rate, usual_rate = kpis.get("cancellation_rate"), baseline.get("cancellation_rate")
    enough_history = (baseline.get("days") or 0) >= 7
    above_usual = rate is not None and (not usual_rate or rate >= SPIKE_RATE_MULTIPLE * usual_rate)
    if enough_history and above_usual and cancelled >= SPIKE_MIN_CANCELLED:
        unusual.append("cancellation_spike")
    orders, mean, std = kpis.get("orders"), baseline.get("orders_mean"), baseline.get("orders_std")
    if (baseline.get("days") or 0) >= 14 and orders is not None and mean is not None and std:
        z_score = (orders - mean) / std
        if math.fabs(z_score) >= ORDERS_Z_THRESHOLD:
            unusual.append("orders_high" if z_score > 0 else "orders_low")
    return unusual


def read_day_facts(conn: psycopg.Connection, day: date) -> DayFacts | None:
    """The facts of one day, or None when the KPI model has no row for it."""
    previous_day, week_before = day - timedelta(days=1), day - timedelta(days=7)
    kpis = read_kpis(conn, [day, previous_day, week_before])
    if day not in kpis:
        return None
    baseline = read_baseline(conn, day)
    return DayFacts(
        day=day,
        previous_day=previous_day,
        week_before=week_before,
        kpis=kpis[day],
        kpis_previous_day=kpis.get(previous_day),
        kpis_week_before=kpis.get(week_before),
        category_movers=read_category_movers(conn, day, week_before),
        baseline=baseline,
        unusual=find_unusual(kpis[day], baseline),
    )


def latest_complete_day(conn: psycopg.Connection) -> date | None:
    """The day before the last day in the KPI model: the last day is still being filled."""
    row = conn.execute("select max(date_day) from marts.rpt_kpis_daily").fetchone()
    if row is None or row[0] is None:
        return None
    last: date = row[0]
    return last - timedelta(days=1)
