"""Prefect flows that sequence the pipeline."""

import thelook  # noqa: F401  (environment defaults before Prefect is imported)
