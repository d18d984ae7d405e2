"""Prefect flows that sequence the pipeline."""

import thelook  # noqa: F401  (its environment defaults, PREFECT_HOME among them, precede Prefect's import)
