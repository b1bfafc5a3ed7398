"""Latency of the submission form's similar-proposal lookup, through the Flask test client.

    .venv/bin/python bench/similar_endpoint.py [N_PROPOSALS] [N_QUERIES]

Builds a throw-away SQLite database with N synthetic proposals and stored vectors (random unit
vectors: the lookup's cost does not depend on their content), then times GET
/consultations/<id>/similar?text=... with real texts, embedded by the real multilingual encoder.
Prints the first call (loads the index) apart, then p50/p95/max of the following calls.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

QUERIES = [
    "نشر ميزانية البلدية على الانترنت", "Publier le budget de la commune en ligne",
    "Improve public transport between towns", "تحسين خدمات المستشفيات العمومية",
    "Créer un portail de données ouvertes pour les marchés publics",
    "Involve young people in municipal decisions", "رقمنة الخدمات الإدارية في البلديات",
    "Protéger les lanceurs d'alerte contre les représailles",
]


def main(n: int = 100_000, n_queries: int = 200) -> None:
    from flask_migrate import upgrade
    from sqlalchemy import insert

    from consult import create_app
    from consult.clustering.algorithms.encoder import default_encoder
    from consult.clustering.models import ProposalVector
    from consult.clustering.algorithms.vectors import VECTOR_DIM, VECTOR_VERSION
    from consult.consultations.models import Consultation
    from consult.core.extensions import db, limiter
    from consult.proposals.models import Proposal

    folder = tempfile.mkdtemp(prefix="bench-similar-")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db", "TESTING": True,
                      "SECRET_KEY": "bench", "SERVER_NAME": "localhost"})
    limiter.enabled = False
    rng = np.random.default_rng(0)
    with app.app_context():
        upgrade(revision="heads")
        consultation = Consultation(title={"en": "Bench"}, description={})
        db.session.add(consultation)
        db.session.commit()
        started = time.perf_counter()
        for start in range(0, n, 5000):
            count = min(5000, n - start)
            db.session.execute(insert(Proposal), [
                {"id": start + i + 1, "ref": f"P-B{start + i:07d}", "consultation_id": consultation.id,
                 "title": f"Synthetic proposal {start + i}", "problem": "-", "reform": "-",
                 "language": "en", "status": "received"} for i in range(count)])
            vectors = rng.normal(size=(count, VECTOR_DIM)).astype(np.float32)
            vectors[:, :512] /= np.linalg.norm(vectors[:, :512], axis=1, keepdims=True)
            vectors[:, 512:] /= np.linalg.norm(vectors[:, 512:], axis=1, keepdims=True)
            db.session.execute(insert(ProposalVector), [
                {"proposal_id": start + i + 1, "consultation_id": consultation.id, "version": VECTOR_VERSION,
                 "vector": vectors[i].astype("<f4").tobytes()} for i in range(count)])
            db.session.commit()
        print(f"stored {n} synthetic proposals and vectors in {time.perf_counter() - started:.1f} s")
        consultation_id = consultation.id
    default_encoder().encode(["warm-up"])  # the model loads once per process, not per request

    client = app.test_client()
    url = f"/consultations/{consultation_id}/similar"
    started = time.perf_counter()
    response = client.get(url, query_string={"text": QUERIES[0]})
    assert response.status_code == 200, response.status_code
    print(f"first call (loads the in-memory index of {n} vectors): {1000 * (time.perf_counter() - started):.0f} ms")
    timings = []
    for i in range(n_queries):
        text = f"{QUERIES[i % len(QUERIES)]} {i}"
        started = time.perf_counter()
        response = client.get(url, query_string={"text": text})
        timings.append(1000 * (time.perf_counter() - started))
        assert response.status_code == 200
    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(f"{n_queries} lookups over {n} proposals: p50 {statistics.median(timings):.1f} ms, "
          f"p95 {p95:.1f} ms, max {timings[-1]:.1f} ms")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
