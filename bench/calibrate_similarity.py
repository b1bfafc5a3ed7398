"""Fit the per-language-pair calibration of the similarity score (vectors.CALIBRATION).

    .venv/bin/python bench/calibrate_similarity.py

On SIB-200 train+dev (800 sentences in ar, ar-TN, fr, en): for each pair of languages, the
combined cosine of a sentence and its translation (positives; for ar-ar: the MSA sentence and its
Tunisian translation) and of a sentence and the translation of another sentence of the same
topic (negatives). The logistic curve of the pair goes through score 0.9 at the 25th percentile
of the positives and 0.1 at the 99th percentile of the negatives. Prints the CALIBRATION lines
to paste into consult/clustering/algorithms/vectors.py.
"""
from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from grouping_eval import cached_embed, sib_rows  # noqa: E402

from consult.clustering.algorithms.vectors import (combined_cosine, lexical_part,  # noqa: E402
                                                   semantic_part)

POSITIVE_PERCENTILE, POSITIVE_SCORE = 25, 0.9
NEGATIVE_PERCENTILE, NEGATIVE_SCORE = 99, 0.1


def curve(positive: np.ndarray, negative: np.ndarray) -> tuple[float, float]:
    high = np.percentile(positive, POSITIVE_PERCENTILE)
    low = np.percentile(negative, NEGATIVE_PERCENTILE)
    if high <= low:
        raise SystemExit(f"positives and negatives overlap ({high:.3f} <= {low:.3f})")
    logit = lambda p: math.log(p / (1 - p))  # noqa: E731
    slope = (logit(POSITIVE_SCORE) - logit(NEGATIVE_SCORE)) / (high - low)
    centre = high - logit(POSITIVE_SCORE) / slope
    return centre, slope


def main() -> None:
    rows = sib_rows(("ar", "ar-TN", "fr", "en"))
    vectors = cached_embed([r["text"] for r in rows])
    index = {(r["parallel_id"], r["lang"]): i for i, r in enumerate(rows)}
    topic = {r["parallel_id"]: r["label"] for r in rows}
    pids = np.array(sorted(topic))
    by_topic: dict = {}
    for p in pids:
        by_topic.setdefault(topic[p], []).append(p)
    rng = np.random.default_rng(0)
    pooled_pos, pooled_neg = [], []
    fitted = {}
    for a, b, key in (("ar", "ar-TN", ("ar", "ar")), ("ar", "en", ("ar", "en")),
                      ("ar", "fr", ("ar", "fr")), ("en", "fr", ("en", "fr"))):
        same = key[0] == key[1]
        first = vectors[[index[(p, a)] for p in pids]]
        other = [rng.choice([q for q in by_topic[topic[p]] if q != p]) for p in pids]
        cosines, unknown = [], []   # with the languages known / not known
        for second in (vectors[[index[(p, b)] for p in pids]], vectors[[index[(q, b)] for q in other]]):
            semantic = np.einsum("ij,ij->i", semantic_part(first), semantic_part(second))
            lexical = np.einsum("ij,ij->i", lexical_part(first), lexical_part(second))
            cosines.append(combined_cosine(semantic, lexical, same))
            unknown.append(combined_cosine(semantic, lexical, False))
        fitted[key] = curve(*cosines)
        pooled_pos.append(unknown[0])
        pooled_neg.append(unknown[1])
    fitted[("en", "en")] = fitted[("fr", "fr")] = fitted[("ar", "ar")]
    fitted[None] = curve(np.concatenate(pooled_pos), np.concatenate(pooled_neg))
    print("CALIBRATION = {")
    for key, (centre, slope) in fitted.items():
        print(f"    {key!r}: ({centre:.4f}, {slope:.2f}),")
    print("}")


if __name__ == "__main__":
    main()
