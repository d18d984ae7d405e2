"""What a load did, per table: the value the Prefect flow logs and the CLI prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class TableResult:
    name: str
    status: str = "ok"  # ok | failed | skipped
    mode: str | None = None  # initial | incremental | snapshot | full_refresh | rewrite
    rows_read: int = 0
    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    watermark_before: datetime | None = None
    watermark_after: datetime | None = None
    duration_s: float = 0.0
    error: str | None = None
    rewritten: bool = False  # reloaded in full: the source was regenerated or a full refresh was asked for
    reason: str | None = None
    added_columns: list[str] = field(default_factory=list)


@dataclass
class LoadReport:
    batch_id: str
    source: str
    tables: list[TableResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(table.status != "failed" for table in self.tables)

    @property
    def needs_full_refresh(self) -> bool:
        """True when a table was replaced in full, so incremental dbt models must be rebuilt from scratch."""
        return any(table.rewritten for table in self.tables)

    @property
    def rows_read(self) -> int:
        return sum(table.rows_read for table in self.tables)

    def summary(self) -> str:
        """A plain-text table, one line per table, for logs."""
        header = f"{'table':<22}{'status':<9}{'mode':<14}{'read':>10}{'inserted':>10}{'updated':>10}{'seconds':>9}"
        lines = [f"load {self.batch_id} from {self.source}", header]
        for t in self.tables:
            lines.append(
                f"{t.name:<22}{t.status:<9}{t.mode or '-':<14}{t.rows_read:>10}{t.inserted:>10}{t.updated:>10}"
                f"{t.duration_s:>9.2f}"
            )
            if t.reason:
                lines.append(f"    reloaded: {t.reason}")
            if t.added_columns:
                lines.append(f"    new source columns added: {', '.join(t.added_columns)}")
            if t.error:
                lines.append(f"    error: {t.error}")
        if self.needs_full_refresh:
            lines.append("a table was reloaded in full: the next dbt build runs with --full-refresh")
        return "\n".join(lines)
