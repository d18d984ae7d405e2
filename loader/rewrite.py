"""Notice a regenerated source: loaded rows that should no longer change are fingerprinted against the source."""

from __future__ import annotations

import random
from datetime import datetime

import psycopg
from psycopg import sql

from loader.manifest import TableSpec
from loader.sources.base import Source
from loader.sql import column, columns, raw_table

SAMPLE_SIZE = 200


def detect_rewrite(
    conn: psycopg.Connection, source: Source, spec: TableSpec, watermark: datetime, sample_size: int = SAMPLE_SIZE
) -> str | None:
    """A reason when sampled rows older than the lag window differ from (or are gone from) the source, else None.

    Rows inside the lag window may still arrive late and their `updates` columns change legitimately; the
    other columns of older rows never change, so any difference there means the source was rewritten, as
    Google's daily regeneration does with the same ids.
    """
    assert spec.cursor_column is not None
    cutoff = watermark - spec.lag
    # Columns that legitimately change (statuses, their stamps) are left out of the comparison.
    names = [name for name in spec.column_names if name not in spec.updates]
    pk, cursor = column(spec, spec.primary_key), column(spec, spec.cursor_column)
    bounds = conn.execute(sql.SQL("select min({pk}), max({pk}) from {t}").format(pk=pk, t=raw_table(spec))).fetchone()
    if not bounds or bounds[0] is None:
        return None
    # Random probes across the key range hit the primary key index: cheap on a table of any size.
    probes = sorted({random.randint(bounds[0], bounds[1]) for _ in range(sample_size * 4)})
    loaded = conn.execute(
        sql.SQL("select {cols} from {t} where {pk} = any(%s) and {cursor} < %s order by {pk} limit %s").format(
            cols=columns(spec, names), t=raw_table(spec), pk=pk, cursor=cursor
        ),
        (probes, cutoff, sample_size),
    ).fetchall()
    if not loaded:
        return None
    key_index = names.index(spec.primary_key)
    keys = [row[key_index] for row in loaded]
    found = {row[spec.primary_key]: row for row in source.lookup(spec, names, keys).to_pylist()}
    differing = []
    for row in loaded:
        key = row[key_index]
        current = found.get(key)
        if current is None:
            differing.append(f"{spec.primary_key}={key} is gone")
            continue
        for name, value in zip(names, row, strict=True):
            if current[name] != value:
                differing.append(f"{spec.primary_key}={key} {name} {value!r} -> {current[name]!r}")
                break
    if not differing:
        return None
    return (
        f"{len(differing)} of {len(loaded)} sampled rows created before {cutoff:%Y-%m-%d %H:%M} UTC differ in the "
        f"source (e.g. {differing[0]}): the source was regenerated"
    )
