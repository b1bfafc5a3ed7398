"""Fixtures of the clustering-in-the-platform tests: a fake encoder that counts its calls.

The fake maps each text to the direction of its topic (found by keywords in any language) plus a
small deterministic wobble, so that groups are known in advance; one test uses the real encoder.
"""
from __future__ import annotations

import hashlib

import numpy as np
import pytest

from consult.clustering import embedding, runs
from consult.core.extensions import db

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


@pytest.fixture(autouse=True)
def fake_encoder(monkeypatch):
    encoder = FakeEncoder()
    monkeypatch.setattr(embedding, "ENCODER", encoder)
    yield encoder


@pytest.fixture(autouse=True)
def _forget_indexes(request):
    yield
    if "app" in request.fixturenames:
        request.getfixturevalue("app").extensions.pop("clustering_similar", None)


def add(consultation, title, problem="", reform="", **fields):
    """A proposal saved the way the web form saves it (services.submit), committed."""
    from consult.proposals import services as proposals
    proposal = proposals.submit(consultation, {"title": title, "problem": problem or title,
                                               "reform": reform or title, **fields})
    db.session.commit()
    return proposal


SAMPLE = [
    ("budget", "نشر ميزانية البلدية على الانترنت"),
    ("budget", "Publier le budget de la commune en ligne"),
    ("budget", "Publish the municipal budget online"),
    ("water", "تحسين توزيع الماء الصالح للشرب في الأرياف"),
    ("water", "Améliorer la distribution de l'eau potable en zone rurale"),
    ("water", "Improve drinking water supply in rural areas"),
    ("transport", "تحسين النقل العمومي بين المدن"),
    ("transport", "Améliorer le transport public entre les villes"),
    ("transport", "Better public bus transport between towns"),
]


def add_sample(consultation):
    """Nine proposals, three topics in three languages; returns {topic: [proposals]}."""
    by_topic: dict[str, list] = {}
    for topic, title in SAMPLE:
        by_topic.setdefault(topic, []).append(add(consultation, title))
    return by_topic


def run_now(consultation, **params):
    """A grouping run executed synchronously (as the demo does), committed."""
    run = runs.start_run(consultation, **params)
    runs.execute_run(run)
    db.session.commit()
    return run
