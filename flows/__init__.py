"""Prefect flows that sequence the pipeline."""

from thelook.environment import ensure_prefect_home

ensure_prefect_home()  # before Prefect is imported and opens its database there
