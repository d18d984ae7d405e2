"""Loader fixtures: a tiny synthetic theLook."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from loader_helpers import AS_OF, TINY

# pytest puts tests/ on sys.path, where tests/loader would shadow the project's `loader` package as a
# namespace package; the repository root must be importable first.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from loader.sources.synthetic import SyntheticSource


@pytest.fixture
def tiny_source(tmp_path: Path) -> SyntheticSource:
    return SyntheticSource(seed=7, scale=TINY, as_of=AS_OF, cache_dir=tmp_path / "cache")
