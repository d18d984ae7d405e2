"""Progress display: a rich bar per table for people, nothing for flows and tests."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Protocol

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn


class ProgressBoard(Protocol):
    def start(self, table: str, total: int | None) -> Callable[[int], None]: ...

    def finish(self, table: str, status: str) -> None: ...


class NoProgress:
    def start(self, table: str, total: int | None) -> Callable[[int], None]:
        return lambda rows: None

    def finish(self, table: str, status: str) -> None:
        return None


class RichProgress(AbstractContextManager["RichProgress"]):
    """One bar per table, sized by the source's row count (an estimate for BigQuery)."""

    def __init__(self, console: Console | None = None) -> None:
        self._progress = Progress(
            TextColumn("{task.fields[table]:<22}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[status]}"),
            TimeElapsedColumn(),
            console=console,
        )
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> RichProgress:
        self._progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self._progress.stop()

    def start(self, table: str, total: int | None) -> Callable[[int], None]:
        task = self._progress.add_task(table, total=total, table=table, status="loading")
        self._tasks[table] = task
        return lambda rows: self._progress.advance(task, rows)

    def finish(self, table: str, status: str) -> None:
        task = self._tasks.get(table)
        if task is None:
            task = self._progress.add_task(table, total=1, table=table, status=status)
        done = int(next(t.completed for t in self._progress.tasks if t.id == task))
        self._progress.update(task, status=status, total=max(done, 1), completed=max(done, 1))
