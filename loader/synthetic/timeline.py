"""The generator's history, built one calendar month of sign-ups at a time so any as-of date sees the same rows.

Every row is generated with its final timestamps (some in the future of a given as-of date); `dataset.py`
then cuts the history at the as-of date. A month's random stream depends only on (seed, generation, month),
and ids are offsets over all earlier months, so extending the as-of date adds rows but never changes ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from loader.synthetic.catalogue import Catalogue

US = 1_000_000
MINUTE = 60 * US
HOUR = 60 * MINUTE
DAY = 24 * HOUR
START = datetime(2019, 1, 1, tzinfo=UTC)
# Users grow linearly from 2019; the rate is calibrated so that ~100,000 x scale users exist by this day.
CALIBRATION_END = datetime(2026, 12, 31, tzinfo=UTC)
USERS_AT_SCALE_1 = 100_000
GHOST_SESSIONS_PER_USER = 5  # NUM_OF_GHOST_EVENTS in fake.py
ORDER_HORIZON = datetime(2027, 1, 31, tzinfo=UTC)
ORDER_DELAY_MEAN_DAYS = 60

ORDERS_PER_USER = ((0, 1, 2, 3, 4), (0.20, 0.50, 0.20, 0.05, 0.05))
ITEMS_PER_ORDER = ((1, 2, 3, 4), (0.70, 0.20, 0.05, 0.05))
STATUSES = ("Complete", "Cancelled", "Returned", "Processing", "Shipped")
STATUS_WEIGHTS = (0.25, 0.15, 0.10, 0.20, 0.30)
UNSOLD_UNITS = ((1, 2, 3), (0.5, 0.3, 0.2))
# Ghost session shapes, equally likely: [product, cart, cancel], [department, product, cart], [product],
# [department, product]. Event type codes index EVENT_TYPES.
EVENT_TYPES = ("home", "department", "product", "cart", "purchase", "cancel")
GHOST_PATTERNS = ((2, 3, 5), (1, 2, 3), (2,), (1, 2))


def to_us(moment: datetime) -> int:
    return int(moment.timestamp()) * US


@dataclass
class Month:
    """All rows whose user signed up in one month (purchases, stock) plus that month's anonymous sessions."""

    users: dict[str, np.ndarray]
    orders: dict[str, np.ndarray]
    items: dict[str, np.ndarray]
    units: dict[str, np.ndarray]
    events: dict[str, np.ndarray]


def month_bounds(until_us: int) -> list[tuple[int, int]]:
    """[start, end) in microseconds of every calendar month from START up to the one holding `until_us`."""
    bounds = []
    year, month = START.year, START.month
    while True:
        start = to_us(datetime(year, month, 1, tzinfo=UTC))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        end = to_us(datetime(year, month, 1, tzinfo=UTC))
        bounds.append((start, end))
        if end > until_us:
            return bounds


def expected_users(start_us: int, end_us: int, scale: float) -> float:
    """Integral of the linearly growing sign-up rate over [start, end)."""
    span = (to_us(CALIBRATION_END) - to_us(START)) / DAY
    rate = USERS_AT_SCALE_1 * scale / (0.7 * span)  # integral of (0.2 + t/span) over the span is 0.7 * span

    def cumulative(t_us: int) -> float:
        t = (t_us - to_us(START)) / DAY
        return rate * (0.2 * t + t * t / (2 * span))

    return cumulative(end_us) - cumulative(start_us)


def _segment_positions(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For groups of the given sizes: the group of each element and its position inside the group."""
    group = np.repeat(np.arange(len(counts)), counts)
    starts = np.cumsum(counts) - counts
    return group, np.arange(int(counts.sum())) - np.repeat(starts, counts)


def generate_month(
    seed: int, generation: int, index: int, bounds: tuple[int, int], scale: float, cat: Catalogue
) -> Month:
    """One month of history, vectorised; ids are month-local (0-based) and offset by the caller."""
    rng = np.random.default_rng([seed, generation, index])
    start, end = bounds
    n_users = int(rng.poisson(expected_users(start, end, scale)))
    users: dict[str, np.ndarray] = {
        "created": np.sort(start + rng.integers(0, (end - start) // US, n_users) * US),
        "male": rng.random(n_users) < 0.5,
        "age": rng.integers(12, 71, n_users),
        "first": rng.integers(0, 30, n_users),
        "last": rng.integers(0, 40, n_users),
        "domain": rng.integers(0, 3, n_users),
        "street_no": rng.integers(1, 10_000, n_users),
        "street": rng.integers(0, 20, n_users),
        "street_kind": rng.integers(0, 8, n_users),
        "location": rng.integers(0, 200, n_users),
        "traffic": rng.choice(5, n_users, p=(0.70, 0.15, 0.06, 0.05, 0.04)),
    }

    # Orders: 0-4 per user, placed after sign-up; final status and its timestamps drawn as fake.py does.
    per_user = rng.choice(ORDERS_PER_USER[0], n_users, p=ORDERS_PER_USER[1])
    order_user = np.repeat(np.arange(n_users), per_user)
    n_orders = len(order_user)
    signup = users["created"][order_user]
    # fake.py places orders uniformly between sign-up and "now", which makes volume grow toward the snapshot.
    # A history that must not change with the as-of date uses a fixed horizon instead; past it, orders follow
    # sign-up after an exponential delay.
    horizon = to_us(ORDER_HORIZON)
    uniform = (rng.random(n_orders) * np.maximum(horizon - signup, 0) / US).astype(np.int64) * US
    late = (rng.exponential(ORDER_DELAY_MEAN_DAYS * DAY / US, n_orders)).astype(np.int64) * US
    created = signup + np.where(signup < horizon, uniform, late)
    shipped = created + rng.integers(0, 3 * 24 * 60, n_orders) * MINUTE
    delivered = shipped + rng.integers(0, 5 * 24 * 60, n_orders) * MINUTE
    returned = delivered + rng.integers(0, 3 * 24 * 60, n_orders) * MINUTE
    num_items = rng.choice(ITEMS_PER_ORDER[0], n_orders, p=ITEMS_PER_ORDER[1])
    orders = {
        "user": order_user,
        "created": created,
        "status": rng.choice(5, n_orders, p=STATUS_WEIGHTS),
        "shipped": shipped,
        "delivered": delivered,
        "returned": returned,
        "num_items": num_items,
    }

    # Items: one per unit, product from the department matching the buyer's gender, one session each.
    item_order, item_pos = _segment_positions(num_items)
    n_items = len(item_order)
    male = users["male"][order_user][item_order]
    pool_pick = rng.random(n_items)
    product = np.where(
        male,
        cat.men[(pool_pick * len(cat.men)).astype(np.int64)],
        cat.women[(pool_pick * len(cat.women)).astype(np.int64)],
    )
    n_in_order = num_items[item_order]
    # fake.py: item time = order time - U[0, 4 h), then `timedelta(randrange(5))` (days) for multi-item orders.
    session_start = created[item_order] - rng.integers(0, 4 * 3600, n_items) * US
    session_start += np.where(n_in_order > 1, rng.integers(0, 5, n_items) * DAY, 0)
    events_per_session = np.where(n_in_order == 1, 5, 3 * n_in_order + 1)
    ev_session, ev_pos = _segment_positions(events_per_session)
    n_ev = len(ev_session)
    steps = rng.integers(1, 6, n_ev) * MINUTE
    steps[ev_pos == 0] = 0
    ev_time = session_start[ev_session] + _segmented_cumsum(steps, events_per_session)
    session_end = ev_time[np.cumsum(events_per_session) - 1]  # the purchase: what fake.py stores as item time
    single = n_in_order[ev_session] == 1
    ev_type = np.where(single, np.minimum(ev_pos, 4), np.where(ev_pos == 3 * n_in_order[ev_session], 4, 1 + ev_pos % 3))
    first_item_of_order = np.cumsum(num_items) - num_items
    ev_product = np.where(
        single,
        product[ev_session],
        product[np.minimum(first_item_of_order[item_order[ev_session]] + ev_pos // 3, n_items - 1)],
    )
    items = {"order": item_order, "product": product, "created": session_end}

    # Stock: each item's sold unit plus 1-3 unsold units of the same product, stocked up to 60 days before.
    unsold = rng.choice(UNSOLD_UNITS[0], n_items, p=UNSOLD_UNITS[1])
    unit_item, unit_pos = _segmented_units(unsold)
    units = {
        "item": unit_item,
        "sold": unit_pos == 0,
        # Never before the buyer signed up: a unit then appears at its created_at, never in the past of a
        # day already loaded (this month's history is only generated once the month has begun).
        "created": np.maximum(
            session_end[unit_item] - rng.integers(0, 60 * 24 * 3600, len(unit_item)) * US,
            signup[item_order][unit_item],
        ),
    }
    items["unit"] = np.flatnonzero(unit_pos == 0)

    # Anonymous browsing: five sessions per sign-up, spread over the month.
    n_ghost = GHOST_SESSIONS_PER_USER * n_users
    pattern = rng.integers(0, 4, n_ghost)
    lengths = np.asarray([len(p) for p in GHOST_PATTERNS])[pattern]
    g_session, g_pos = _segment_positions(lengths)
    flat_patterns = np.full((4, 3), -1)
    for i, shape in enumerate(GHOST_PATTERNS):
        flat_patterns[i, : len(shape)] = shape
    g_steps = rng.integers(1, 6, len(g_session)) * MINUTE
    g_steps[g_pos == 0] = 0
    g_start = start + rng.integers(0, (end - start) // US, n_ghost) * US
    g_product = rng.integers(0, cat.products.num_rows, n_ghost)
    n_sessions = n_items + n_ghost
    session_ids = rng.integers(0, 256, (n_sessions, 16), dtype=np.uint8)
    events = {
        "session": np.concatenate([ev_session, n_items + g_session]),
        "pos": np.concatenate([ev_pos, g_pos]) + 1,
        "created": np.concatenate([ev_time, g_start[g_session] + _segmented_cumsum(g_steps, lengths)]),
        "type": np.concatenate([ev_type, flat_patterns[pattern[g_session], g_pos]]),
        "product": np.concatenate([ev_product, g_product[g_session]]),
        "item": np.concatenate([ev_session, np.full(len(g_session), -1)]),  # -1: anonymous session
        "ghost_location": np.concatenate([np.full(n_ev, -1), rng.integers(0, 200, n_ghost)[g_session]]),
    }
    sessions: dict[str, np.ndarray] = {
        "uuid": session_ids,
        "browser": rng.choice(5, n_sessions, p=(0.5, 0.2, 0.2, 0.05, 0.05)),
        "traffic": rng.choice(5, n_sessions, p=(0.45, 0.30, 0.10, 0.10, 0.05)),
        "ip": rng.integers(1, 255, (n_sessions, 4)),
    }
    events.update({f"session_{k}": v for k, v in sessions.items()})
    events["session_count"] = np.asarray([n_sessions])
    return Month(users, orders, items, units, events)


def _segmented_cumsum(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Cumulative sum restarting at every group boundary."""
    total = np.cumsum(values)
    starts = np.cumsum(counts) - counts
    before = np.where(starts > 0, total[np.maximum(starts - 1, 0)], 0)
    return total - np.repeat(before, counts)


def _segmented_units(unsold: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Units per item: position 0 is the sold unit, 1..k the unsold ones."""
    return _segment_positions(unsold + 1)
