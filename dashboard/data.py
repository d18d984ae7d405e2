"""Read-only access to the marts for the dashboard pages: parameterised queries, cached briefly."""

from __future__ import annotations

from typing import Any

import pandas as pd
import psycopg
import streamlit as st

from thelook.warehouse import database_url

CACHE_SECONDS = 300


def query(sql: str, params: tuple[Any, ...] = ()) -> pd.DataFrame:
    """Run a fixed SQL text with bound parameters and return a DataFrame (pages never format values into SQL)."""
    return _query(database_url(), sql, params)


def missing_relations(*relations: str) -> list[str]:
    """The given `schema.name` relations that do not exist yet."""
    return _missing_relations(database_url(), relations)


def require(*relations: str) -> None:
    """Stop the page with a hint when the pipeline has not built what it reads."""
    missing = missing_relations(*relations)
    if missing:
        st.info(f"Not built yet: {', '.join(missing)}. Run `thelook run` (or `thelook build`) first.")
        st.stop()


# The URL is part of each cache key, so a different warehouse never sees another one's cached rows.
@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def _query(url: str, sql: str, params: tuple[Any, ...]) -> pd.DataFrame:
    with psycopg.connect(url) as conn, conn.cursor() as cursor:
        cursor.execute(sql, params)  # page SQL is fixed text; values are parameters
        columns = [column.name for column in cursor.description or []]
        return pd.DataFrame(cursor.fetchall(), columns=columns)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False)
def _missing_relations(url: str, relations: tuple[str, ...]) -> list[str]:
    with psycopg.connect(url) as conn:
        return [
            relation
            for relation in relations
            if conn.execute("select to_regclass(%s)", (relation,)).fetchone() == (None,)
        ]
