"""The synthetic generator keeps theLook's invariants, is deterministic, and moves forward day by day."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import polars as pl
import pytest

from loader.synthetic.catalogue import build_catalogue
from loader.synthetic.dataset import as_of_end, generate_dataset

AS_OF = date(2025, 1, 25)
SCALE = 0.05


@pytest.fixture(scope="module")
def data() -> dict[str, pl.DataFrame]:
    return {name: pl.from_arrow(table) for name, table in generate_dataset(11, SCALE, AS_OF).items()}  # type: ignore[misc]


def test_deterministic_by_seed_scale_and_as_of(data):
    again = generate_dataset(11, SCALE, AS_OF)
    for name, table in again.items():
        assert pl.from_arrow(table).equals(data[name]), name
    other_seed = generate_dataset(12, SCALE, AS_OF)
    assert not pl.from_arrow(other_seed["orders"]).equals(data["orders"])


def test_generator_invariants(data):
    orders, items, events, units = data["orders"], data["order_items"], data["events"], data["inventory_items"]
    assert data["products"].height == pytest.approx(29_120 * SCALE, rel=0.05)
    assert data["products"].select(pl.struct("department", "category").n_unique()).item() == 36
    assert data["distribution_centers"].height == 10
    per_order = items.group_by("order_id").len()
    joined = orders.join(per_order, on="order_id", how="left")
    assert (joined["num_of_item"] == joined["len"]).all()  # one row per unit, as many as num_of_item
    status = items.join(orders, on="order_id").select((pl.col("status") == pl.col("status_right")).all()).item()
    assert status
    assert (units.filter(pl.col("sold_at").is_not_null()).height) == items.height
    assert set(items["inventory_item_id"]) <= set(units["id"])
    purchases = events.filter(pl.col("event_type") == "purchase")
    assert purchases.height == items.height  # one purchase session per order item
    ghosts = events.filter(pl.col("user_id").is_null())
    assert set(ghosts["event_type"].unique()) <= {"department", "product", "cart", "cancel"}
    # ~46% at the calibration date; earlier as-of dates have more anonymous browsing relative to purchases,
    # because sign-ups bring their ghost sessions at once and their orders over the following months.
    assert 0.35 < ghosts.height / events.height < 0.7
    end = datetime.fromtimestamp(as_of_end(AS_OF) / 1e6).astimezone()
    for frame, column in ((orders, "created_at"), (orders, "returned_at"), (events, "created_at"), (units, "sold_at")):
        assert frame[column].max() < end  # the data ends on the as-of date
    single = orders.filter(pl.col("num_of_item") == 1)["order_id"].head(1).item()
    item_id = items.filter(pl.col("order_id") == single)["id"].item()
    assert item_id > 0
    sessions = (
        events.filter(pl.col("user_id").is_not_null())
        .group_by("session_id")
        .agg(pl.col("event_type").sort_by("sequence_number"))
    )
    shapes = {tuple(s) for s in sessions["event_type"].to_list()}
    assert ("home", "department", "product", "cart", "purchase") in shapes
    settled = orders.filter(pl.col("created_at") < pl.lit(end) - timedelta(days=30))
    shares = settled["status"].value_counts(normalize=True)
    share = dict(zip(shares["status"], shares["proportion"], strict=True))
    assert share["Shipped"] == pytest.approx(0.30, abs=0.05) and share["Cancelled"] == pytest.approx(0.15, abs=0.04)
    uris = events.filter(pl.col("event_type") == "department")["uri"]
    assert uris.str.starts_with("/department/").all() and not uris.str.contains(" ").any()


def test_next_day_only_adds_rows_and_moves_recent_statuses(data):
    tomorrow = {name: pl.from_arrow(t) for name, t in generate_dataset(11, SCALE, AS_OF + timedelta(days=1)).items()}
    for name in ("users", "orders", "order_items", "events", "inventory_items"):
        assert tomorrow[name].height >= data[name].height, name
    before, after = data["orders"], tomorrow["orders"]
    joined = before.join(after, on="order_id", suffix="_next")
    assert joined.height == before.height  # no order disappears, ids are stable
    changed = joined.filter(pl.col("status") != pl.col("status_next"))
    end = datetime.fromtimestamp(as_of_end(AS_OF) / 1e6).astimezone()
    assert changed.height > 0
    assert changed["created_at"].min() > end - timedelta(days=14)  # only recent rows change
    assert (joined["user_id"] == joined["user_id_next"]).all()


# What Google's generator (fake.py) implies, written out from its weights rather than read from our code; the
# mean retail prices are those of the real 29,120-row products table.
STATUS_SHARES = {"Complete": 0.25, "Cancelled": 0.15, "Returned": 0.10, "Processing": 0.20, "Shipped": 0.30}
USER_SOURCES = {"Search": 0.70, "Organic": 0.15, "Facebook": 0.06, "Email": 0.05, "Display": 0.04}
PURCHASE_SOURCES = {"Email": 0.45, "Adwords": 0.30, "YouTube": 0.10, "Facebook": 0.10, "Organic": 0.05}
BROWSERS = {"Chrome": 0.50, "Safari": 0.20, "Firefox": 0.20, "IE": 0.05, "Other": 0.05}
MEAN_RETAIL = {"Men": 63.21, "Women": 55.94}
MEAN_SALE_PRICE = 59.58  # half Men's mean retail price plus half Women's


def shares(column: pl.Series) -> dict[str, float]:
    counts = column.value_counts(normalize=True)
    return dict(zip(counts[column.name], counts["proportion"], strict=True))


def test_distributions_follow_googles_generator(data):
    orders, items, events, users = data["orders"], data["order_items"], data["events"], data["users"]
    for observed, expected in (
        (shares(orders["status"]), STATUS_SHARES),
        (shares(users["traffic_source"]), USER_SOURCES),
        (shares(events.filter(pl.col("event_type") == "purchase")["traffic_source"]), PURCHASE_SOURCES),
        (shares(events["browser"]), BROWSERS),
    ):
        assert set(observed) == set(expected)
        for value, share in expected.items():
            assert observed[value] == pytest.approx(share, abs=0.03), value
    assert orders["num_of_item"].mean() == pytest.approx(1.45, abs=0.05)
    assert items["sale_price"].mean() == pytest.approx(MEAN_SALE_PRICE, rel=0.08)


def test_full_catalogue_matches_the_real_products_table():
    products = pl.from_arrow(build_catalogue(42, 1.0).products)
    assert products.height == 29_120  # type: ignore[union-attr]
    means = products.group_by("department").agg(pl.col("retail_price").mean())  # type: ignore[union-attr]
    for department, mean in means.iter_rows():
        assert mean == pytest.approx(MEAN_RETAIL[department], rel=0.03), department
