"""Cut the generated history at an as-of date into the seven theLook tables, statuses as they stood that day."""

from __future__ import annotations

from datetime import UTC as TZ_UTC
from datetime import date, datetime, time, timedelta

import numpy as np
import polars as pl
import pyarrow as pa

from loader.manifest import get_spec
from loader.synthetic.catalogue import Catalogue, build_catalogue, distribution_centers
from loader.synthetic.names import EMAIL_DOMAINS, FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES, STREET_KINDS, STREETS
from loader.synthetic.profile import LOCATIONS
from loader.synthetic.timeline import EVENT_TYPES, STATUSES, Month, generate_month, month_bounds, to_us

GENERATOR_VERSION = 3  # part of the cache key: bump when generated rows change
UTC_TS = pl.Datetime("us", "UTC")
USER_TRAFFIC = ("Search", "Organic", "Facebook", "Email", "Display")
EVENT_TRAFFIC = ("Email", "Adwords", "YouTube", "Facebook", "Organic")
BROWSERS = ("Chrome", "Safari", "Firefox", "IE", "Other")
COMPLETE, CANCELLED, RETURNED, PROCESSING, SHIPPED = range(5)


def as_of_end(as_of: date) -> int:
    """Exclusive end of the as-of day in microseconds: the data ends on the as-of date."""
    return to_us(datetime.combine(as_of + timedelta(days=1), time(0), tzinfo=TZ_UTC))


def generate_dataset(seed: int, scale: float, as_of: date, generation: int = 0) -> dict[str, pa.Table]:
    """The seven tables as of the end of `as_of`; `generation` > 0 imitates Google's daily regeneration."""
    cat = build_catalogue(seed, scale)
    end = as_of_end(as_of)
    months = [generate_month(seed, generation, i, b, scale, cat) for i, b in enumerate(month_bounds(end - 1))]
    parts = {key: _concat(months, key) for key in ("users", "orders", "items", "units", "events")}
    tables = _assemble(parts, cat, end)
    tables["products"] = cat.products
    tables["distribution_centers"] = distribution_centers()
    return {name: table.cast(get_spec(name).arrow_schema()) for name, table in tables.items()}


def _concat(months: list[Month], key: str) -> dict[str, np.ndarray]:
    """Concatenate one entity over months, turning month-local references into global row indexes."""
    refs = {  # column -> the entity it points into
        "orders": {"user": "users"},
        "items": {"order": "orders", "unit": "units"},
        "units": {"item": "items"},
        "events": {"item": "items", "session": "sessions"},
    }.get(key, {})
    sizes = {
        "users": [len(m.users["created"]) for m in months],
        "orders": [len(m.orders["created"]) for m in months],
        "items": [len(m.items["created"]) for m in months],
        "units": [len(m.units["created"]) for m in months],
        "sessions": [int(m.events["session_count"][0]) for m in months],
    }
    offsets = {name: np.cumsum([0, *counts[:-1]]) for name, counts in sizes.items()}
    out: dict[str, np.ndarray] = {}
    for column in getattr(months[0], key):
        if column == "session_count":
            continue
        chunks = []
        for i, month in enumerate(months):
            values = getattr(month, key)[column]
            target = refs.get(column)
            if target is not None:
                values = np.where(values >= 0, values + offsets[target][i], -1)
            chunks.append(values)
        out[column] = np.concatenate(chunks)
    return out


def _ts(values: np.ndarray, hidden: np.ndarray | None = None) -> pl.Series:
    series = pl.Series(values, dtype=pl.Int64).cast(UTC_TS)
    return series if hidden is None else pl.select(pl.when(pl.lit(pl.Series(~hidden))).then(series)).to_series()


def _pick(values: tuple | list | np.ndarray, codes: np.ndarray) -> pl.Series:
    return pl.Series(list(values), dtype=pl.String).gather(pl.Series(codes, dtype=pl.Int64))


def _assemble(p: dict[str, dict[str, np.ndarray]], cat: Catalogue, end: int) -> dict[str, pa.Table]:
    users, orders, items, units, events = p["users"], p["orders"], p["items"], p["units"], p["events"]
    user_ok = users["created"] < end
    # An order shows up once its last item exists; its status is the furthest step reached by the as-of date.
    first_item = np.cumsum(orders["num_items"]) - orders["num_items"]
    visible_at = np.maximum(orders["created"], np.maximum.reduceat(items["created"], first_item))
    order_ok = visible_at < end
    final = orders["status"]
    goes_out = np.isin(final, (SHIPPED, COMPLETE, RETURNED))
    shipped = goes_out & (orders["shipped"] < end)
    delivered = np.isin(final, (COMPLETE, RETURNED)) & (orders["delivered"] < end)
    returned = (final == RETURNED) & (orders["returned"] < end)
    status = np.where(
        returned,
        RETURNED,
        np.where(delivered, COMPLETE, np.where(shipped, SHIPPED, np.where(goes_out, PROCESSING, final))),
    )
    loc = np.asarray(LOCATIONS, dtype=object)
    male = users["male"]
    first_names = np.where(male, np.asarray(FIRST_NAMES_M)[users["first"]], np.asarray(FIRST_NAMES_F)[users["first"]])
    gender = np.where(male, "M", "F")
    u = pl.DataFrame(
        {
            "id": np.arange(1, len(male) + 1),
            "first_name": first_names,
            "last_name": np.asarray(LAST_NAMES)[users["last"]],
            "age": users["age"],
            "gender": gender,
            "state": _pick(loc[:, 1], users["location"]),
            "street_no": users["street_no"],
            "street": _pick(STREETS, users["street"]),
            "kind": _pick(STREET_KINDS, users["street_kind"]),
            "postal_code": _pick(loc[:, 3], users["location"]),
            "city": _pick(loc[:, 2], users["location"]),
            "country": _pick(loc[:, 0], users["location"]),
            "latitude": loc[users["location"], 4].astype(np.float64),
            "longitude": loc[users["location"], 5].astype(np.float64),
            "traffic_source": _pick(USER_TRAFFIC, users["traffic"]),
            "created_at": _ts(users["created"]),
            "domain": _pick(EMAIL_DOMAINS, users["domain"]),
        }
    ).with_columns(
        email=pl.concat_str(
            pl.col("first_name").str.to_lowercase(), pl.col("last_name").str.to_lowercase(), pl.lit("@"), "domain"
        ),
        street_address=pl.concat_str("street_no", "street", "kind", separator=" "),
        user_geom=pl.format("POINT({} {})", "longitude", "latitude"),
    )
    o = pl.DataFrame(
        {
            "order_id": np.arange(1, len(final) + 1),
            "user_id": orders["user"] + 1,
            "status": _pick(STATUSES, status),
            "gender": gender[orders["user"]],
            "created_at": _ts(orders["created"]),
            "returned_at": _ts(orders["returned"], ~returned),
            "shipped_at": _ts(orders["shipped"], ~shipped),
            "delivered_at": _ts(orders["delivered"], ~delivered),
            "num_of_item": orders["num_items"],
        }
    )
    prod = pl.from_arrow(cat.products)
    assert isinstance(prod, pl.DataFrame)
    item_order = items["order"]
    oi = o[item_order].select(
        id=pl.Series(np.arange(1, len(item_order) + 1)),
        order_id="order_id",
        user_id="user_id",
        product_id=pl.Series(items["product"] + 1),
        inventory_item_id=pl.Series(items["unit"] + 1),
        status="status",
        created_at=_ts(items["created"]),
        shipped_at="shipped_at",
        delivered_at="delivered_at",
        returned_at="returned_at",
        sale_price=prod["retail_price"].gather(pl.Series(items["product"])),
    )
    unit_product = items["product"][units["item"]]
    sold_visible = units["sold"] & order_ok[item_order[units["item"]]]
    inv = prod[unit_product].select(
        id=pl.Series(np.arange(1, len(unit_product) + 1)),
        product_id="id",
        created_at=_ts(units["created"]),
        sold_at=_ts(items["created"][units["item"]], ~sold_visible),
        cost="cost",
        product_category="category",
        product_name="name",
        product_brand="brand",
        product_retail_price="retail_price",
        product_department="department",
        product_sku="sku",
        product_distribution_center_id="distribution_center_id",
    )
    ev = _events(events, items, orders, users, o, u, cat, order_ok, end)
    return {
        "users": u.filter(pl.Series(user_ok)).select(get_spec("users").column_names).to_arrow(),
        "orders": o.filter(pl.Series(order_ok)).to_arrow(),
        "order_items": oi.filter(pl.Series(order_ok[item_order])).to_arrow(),
        "inventory_items": inv.filter(pl.Series(units["created"] < end)).to_arrow(),
        "events": ev,
    }


EVENT_CHUNK = 400_000  # events are assembled in slices to keep the peak memory of a full-scale run down


def _events(events, items, orders, users, o, u, cat, order_ok, end) -> pa.Table:
    item = events["item"]
    purchase = item >= 0
    order = items["order"][np.maximum(item, 0)]
    user = orders["user"][order]
    per_event = {
        "id": np.arange(1, len(item) + 1),
        "purchase": purchase,
        "user": user,
        "location": np.where(purchase, users["location"][user], events["ghost_location"]),
        "keep": np.where(purchase, order_ok[order], events["created"] < end),
        "session": events["session"],
        "type": events["type"],
        "product": events["product"],
        "created": events["created"],
        "pos": events["pos"],
    }
    chunks = []
    for start in range(0, len(item), EVENT_CHUNK):
        part = {key: values[start : start + EVENT_CHUNK] for key, values in per_event.items()}
        chunks.append(_event_rows(part, events, cat).to_arrow())
    return pa.concat_tables(chunks) if chunks else _event_rows(per_event, events, cat).to_arrow()


def _session_ids(uuid: np.ndarray) -> pa.LargeStringArray:
    """UUID4 text for rows of 16 random bytes, built without a Python loop."""
    uuid = uuid.copy()
    uuid[:, 6] = (uuid[:, 6] & 0x0F) | 0x40  # version 4
    uuid[:, 8] = (uuid[:, 8] & 0x3F) | 0x80  # RFC 4122 variant
    hexed = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)[
        np.stack([uuid >> 4, uuid & 0x0F], axis=2).reshape(-1, 32)
    ]
    dashed = np.full((len(uuid), 36), ord("-"), dtype=np.uint8)
    for src, dst in ((slice(0, 8), slice(0, 8)), (slice(8, 12), slice(9, 13)), (slice(12, 16), slice(14, 18)),
                     (slice(16, 20), slice(19, 23)), (slice(20, 32), slice(24, 36))):  # fmt: skip
        dashed[:, dst] = hexed[:, src]
    offsets = np.arange(0, 36 * len(uuid) + 1, 36, dtype=np.int64)
    return pa.LargeStringArray.from_buffers(len(uuid), pa.py_buffer(offsets), pa.py_buffer(dashed.tobytes()))


def _event_rows(part: dict[str, np.ndarray], events: dict[str, np.ndarray], cat: Catalogue) -> pl.DataFrame:
    loc = np.asarray(LOCATIONS, dtype=object)
    session, location = part["session"], part["location"]
    frame = pl.DataFrame(
        {
            "id": part["id"],
            "user_id": pl.Series(np.where(part["purchase"], part["user"] + 1, 0)),
            "sequence_number": part["pos"],
            "session_id": pl.from_arrow(_session_ids(events["session_uuid"][session])),
            "created_at": _ts(part["created"]),
            "ip": events["session_ip"][session],
            "city": _pick(loc[:, 2], location),
            "state": _pick(loc[:, 1], location),
            "postal_code": _pick(loc[:, 3], location),
            "browser": _pick(BROWSERS, events["session_browser"][session]),
            "traffic_source": _pick(EVENT_TRAFFIC, events["session_traffic"][session]),
            "event_type": _pick(EVENT_TYPES, part["type"]),
            "department_uri": _pick(cat.department_uri, part["product"]),
            "product_id": part["product"] + 1,
            "purchase": part["purchase"],
            "keep": part["keep"],
        }
    )
    return frame.filter("keep").select(
        "id",
        user_id=pl.when("purchase").then("user_id"),
        sequence_number="sequence_number",
        session_id="session_id",
        created_at="created_at",
        ip_address=pl.concat_str(*(pl.col("ip").arr.get(i) for i in range(4)), separator="."),
        city="city",
        state="state",
        postal_code="postal_code",
        browser="browser",
        traffic_source="traffic_source",
        uri=pl.when(pl.col("event_type") == "product")
        .then(pl.concat_str(pl.lit("/product/"), "product_id"))
        .when(pl.col("event_type") == "department")
        .then("department_uri")
        .otherwise(pl.concat_str(pl.lit("/"), "event_type")),
        event_type="event_type",
    )
