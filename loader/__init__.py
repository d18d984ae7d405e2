"""Incremental, idempotent, crash-safe landing of the seven theLook tables into `raw_thelook`."""

from loader.report import LoadReport, TableResult
from loader.runner import load_tables

__all__ = ["LoadReport", "TableResult", "load_tables"]
