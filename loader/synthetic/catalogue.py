"""The static tables: products scaled from the real catalogue's profile, and the ten distribution centers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from loader.synthetic.names import PRODUCT_WORDS
from loader.synthetic.profile import CATEGORIES, DISTRIBUTION_CENTER_WEIGHTS, DISTRIBUTION_CENTERS

# The profile's price quantiles: deciles, plus 95 % and 99 % so the sparse top decile does not inflate the mean.
_QUANTILES = np.array([*np.linspace(0.0, 0.9, 10), 0.95, 0.99, 1.0])


@dataclass(frozen=True)
class Catalogue:
    """Products as column arrays (row i has id i + 1) plus what the timeline needs to sample them."""

    products: pa.Table
    men: np.ndarray  # row indexes of Men's products
    women: np.ndarray
    department_uri: np.ndarray  # per product: /department/<dept>/category/<cat>/brand/<brand>, lower-case


def _slug(text: str) -> str:
    return text.lower().replace(" ", "")


def build_catalogue(seed: int, scale: float) -> Catalogue:
    """Products keep every (department, category) pair, its price quantiles and brands; the count scales."""
    rng = np.random.default_rng([seed, 0xC47A])
    cols: dict[str, list] = {k: [] for k in ("cost", "category", "name", "brand", "retail", "department", "sku")}
    for department, category, count, quantiles, cost_lo, cost_hi, brands in CATEGORIES:
        n = max(1, round(count * scale))
        # Interpolating the quantiles in log space keeps the long upper tail from inflating the mean price.
        retail = np.round(np.exp(np.interp(rng.random(n), _QUANTILES, np.log(quantiles))), 2)
        retail = np.maximum(retail, 0.02)
        weights = 1.0 / np.arange(1, len(brands) + 1)
        brand_idx = rng.choice(len(brands), n, p=weights / weights.sum())
        word_idx = rng.integers(0, len(PRODUCT_WORDS), n)
        for i in range(n):
            brand = brands[brand_idx[i]]
            cols["name"].append(f"{brand} {PRODUCT_WORDS[word_idx[i]]} {category}")
            cols["brand"].append(brand)
        cols["cost"].extend(retail * rng.uniform(cost_lo, cost_hi, n))
        cols["retail"].extend(retail)
        cols["category"].extend([category] * n)
        cols["department"].extend([department] * n)
    total = len(cols["retail"])
    sku_bytes = rng.integers(0, 256, (total, 16), dtype=np.uint8)
    cols["sku"] = [row.tobytes().hex().upper() for row in sku_bytes]
    dc_weights = np.asarray(DISTRIBUTION_CENTER_WEIGHTS, dtype=float)
    dc_ids = rng.choice(np.arange(1, 11), total, p=dc_weights / dc_weights.sum())
    products = pa.table(
        {
            "id": pa.array(np.arange(1, total + 1), pa.int64()),
            "cost": pa.array(cols["cost"], pa.float64()),
            "category": pa.array(cols["category"], pa.large_string()),
            "name": pa.array(cols["name"], pa.large_string()),
            "brand": pa.array(cols["brand"], pa.large_string()),
            "retail_price": pa.array(cols["retail"], pa.float64()),
            "department": pa.array(cols["department"], pa.large_string()),
            "sku": pa.array(cols["sku"], pa.large_string()),
            "distribution_center_id": pa.array(dc_ids, pa.int64()),
        }
    )
    departments = np.asarray(cols["department"])
    uris = np.asarray(
        [
            f"/department/{_slug(d)}/category/{_slug(c)}/brand/{_slug(b)}"
            for d, c, b in zip(cols["department"], cols["category"], cols["brand"], strict=True)
        ],
        dtype=object,
    )
    return Catalogue(products, np.flatnonzero(departments == "Men"), np.flatnonzero(departments == "Women"), uris)


def distribution_centers() -> pa.Table:
    """The generator's ten centers, with the geography BigQuery adds afterwards (WKT `POINT(lon lat)`)."""
    rows = DISTRIBUTION_CENTERS
    return pa.table(
        {
            "id": pa.array([r[0] for r in rows], pa.int64()),
            "name": pa.array([r[1] for r in rows], pa.large_string()),
            "latitude": pa.array([r[2] for r in rows], pa.float64()),
            "longitude": pa.array([r[3] for r in rows], pa.float64()),
            "distribution_center_geom": pa.array([f"POINT({r[3]} {r[2]})" for r in rows], pa.large_string()),
        }
    )
