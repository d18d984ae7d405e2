"""Small tables shaped exactly like the dbt marts the enrichment reads, so its tests do not need dbt."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import psycopg

MARTS_DDL = (
    "create schema if not exists marts",
    """
    create table if not exists marts.dim_products (
        product_id bigint primary key, product_name text, brand text, category text, department text,
        retail_price double precision, cost double precision, sku text, distribution_center_id bigint
    )
    """,
    """
    create table if not exists marts.rpt_kpis_daily (
        date_day date primary key, orders bigint, items_sold bigint, gmv numeric, aov numeric,
        cancelled_orders bigint, cancellation_rate numeric, returned_orders bigint, new_customers bigint,
        sessions bigint, purchase_sessions bigint, session_conversion_rate numeric
    )
    """,
    """
    create table if not exists marts.rpt_category_sales_daily (
        date_day date, category text, department text, orders bigint, items_sold bigint, gmv numeric
    )
    """,
)

# (product_id, name, brand, category, department, retail_price)
PRODUCTS = [
    (1, "Men's Hooded Puffer Winter Jacket", "The North Face", "Outerwear & Coats", "Men", 189.0),
    (2, "Insulated Down Parka Jacket", "Columbia", "Outerwear & Coats", "Men", 149.5),
    (3, "Cotton Crew Socks 6-Pack", "Hanes", "Socks", "Men", 12.99),
    (4, "Wool Blend Dress Socks", "Gold Toe", "Socks", "Men", 15.0),
    (5, "Women's Slim Fit Skinny Jeans", "Levi's", "Jeans", "Women", 59.5),
    (6, "Floral Summer Maxi Dress", "Angie", "Dresses", "Women", 42.0),
    (7, "Women's Quilted Winter Coat", "Calvin Klein", "Outerwear & Coats", "Women", 210.0),
    (8, "Classic Leather Belt", "Dockers", "Accessories", "Men", 25.0),
]


def create_marts(conn: psycopg.Connection) -> None:
    """The three marts, empty."""
    for statement in MARTS_DDL:
        conn.execute(statement)
    conn.commit()


def insert_products(conn: psycopg.Connection, products: Iterable[tuple[object, ...]] = PRODUCTS) -> None:
    """Rows of dim_products from (id, name, brand, category, department, price)."""
    with conn.cursor() as cursor:
        cursor.executemany(
            """
            insert into marts.dim_products
                (product_id, product_name, brand, category, department, retail_price, cost, sku,
                 distribution_center_id)
            values (%s, %s, %s, %s, %s, %s, %s * 0.5, md5(%s::text), 1)
            """,
            [(*row, row[5], row[0]) for row in products],
        )
    conn.commit()


FIRST_DAY = date(2025, 1, 1)
LAST_DAY = date(2025, 1, 31)  # partial: the latest complete day is 2025-01-30
SPIKE_DAY = date(2025, 1, 30)


def insert_kpis(conn: psycopg.Connection, first: date = FIRST_DAY, last: date = LAST_DAY) -> None:
    """Deterministic daily KPIs with a cancellation spike on SPIKE_DAY, and category sales for each day."""
    kpi_rows, category_rows = [], []
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        orders = 40 + (offset % 7) * 3
        cancelled = 12 if day == SPIKE_DAY else 1 + offset % 2
        gmv = round(orders * 85.5 + offset, 2)
        sessions = 900 + offset * 10
        purchase_sessions = orders - 2
        kpi_rows.append(
            (day, orders, orders * 2, gmv, round(gmv / orders, 2), cancelled, round(cancelled / orders, 4),
             offset % 3, 10 + offset % 5, sessions, purchase_sessions, round(purchase_sessions / sessions, 4))
        )  # fmt: skip
        jeans = 1200.0 + (500.0 if day == SPIKE_DAY else 0.0)
        category_rows += [
            (day, "Jeans", "Women", 10, 12, jeans),
            (day, "Socks", "Men", 8, 16, 150.0 + offset),
            (day, "Outerwear & Coats", "Men", 5, 5, 900.0 - (300.0 if day == SPIKE_DAY else 0.0)),
        ]
    with conn.cursor() as cursor:
        cursor.executemany(
            "insert into marts.rpt_kpis_daily values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", kpi_rows
        )
        cursor.executemany("insert into marts.rpt_category_sales_daily values (%s, %s, %s, %s, %s, %s)", category_rows)
    conn.commit()
