"""Test doubles shared by every test: a fake sentence encoder that counts its calls.

The fake maps each text to the direction of its topic (found by keywords in any language) plus a
small deterministic wobble, so that groups are known in advance. Every test uses it unless marked
`real_encoder` (tests/conftest.py), so that only the tests about meaning load the real model.
"""
from __future__ import annotations

import hashlib

import numpy as np

TOPICS = {
    "budget": ("budget", "ميزانية", "ميزانيات"),
    "water": ("eau", "water", "الماء", "مياه"),
    "transport": ("transport", "bus", "النقل"),
}


def _direction(seed: str, dim: int = 512) -> np.ndarray:
    rng = np.random.default_rng(int(hashlib.md5(seed.encode()).hexdigest()[:8], 16))
    vector = rng.normal(size=dim)
    return vector / np.linalg.norm(vector)


class FakeEncoder:
    name = "fake"
    dim = 512

    def __init__(self):
        self.calls = 0   # texts encoded

    def encode(self, texts):
        self.calls += len(texts)
        rows = []
        for text in texts:
            lowered = text.lower()
            topic = next((name for name, words in TOPICS.items() if any(w in lowered for w in words)), None)
            vector = (_direction(topic) + 0.15 * _direction("noise" + text)) if topic else _direction(text)
            rows.append(vector / np.linalg.norm(vector))
        return np.vstack(rows).astype(np.float32) if rows else np.zeros((0, self.dim), np.float32)


class BrokenEncoder(FakeEncoder):
    def encode(self, texts):
        raise RuntimeError("the model could not be loaded")
