"""Fit the per-language-pair calibration of the similarity score (vectors.CALIBRATION).

    .venv/bin/python bench/calibrate_similarity.py

On SIB-200 train+dev (800 sentences in ar, ar-TN, fr, en): for each pair of languages, the
combined cosine of a sentence and its translation (positives; for ar-ar: the MSA sentence and its
Tunisian translation) and of a sentence and the translation of another sentence of the same
topic (negatives). The logistic curve of the pair goes through score 0.9 at the 25th percentile
of the positives and 0.1 at the 99th percentile of the negatives. Prints the CALIBRATION lines
to paste into consult/clustering/algorithms/vectors.py.

    .venv/bin/python bench/calibrate_similarity.py --check

fits the curves on the train split only (701 sentences) and prints, on the dev split (99
sentences, not used for that fit), the share of translations reaching 0.9 and 0.5 and of
same-topic other sentences reaching 0.5 and 0.1, per language pair: what generalises of the
calibration.
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


def pair_cosines(rows, vectors, a, b, same, rng):
    """(translations, same-topic others) combined cosines of the pair of languages a, b."""
    index = {(r["parallel_id"], r["lang"]): i for i, r in enumerate(rows)}
    topic = {r["parallel_id"]: r["label"] for r in rows}
    pids = np.array(sorted(topic))
    by_topic: dict = {}
    for p in pids:
        by_topic.setdefault(topic[p], []).append(p)
    first = vectors[[index[(p, a)] for p in pids]]
    other = [rng.choice([q for q in by_topic[topic[p]] if q != p]) for p in pids]
    result = []
    for second in (vectors[[index[(p, b)] for p in pids]], vectors[[index[(q, b)] for q in other]]):
        semantic = np.einsum("ij,ij->i", semantic_part(first), semantic_part(second))
        lexical = np.einsum("ij,ij->i", lexical_part(first), lexical_part(second))
        result.append(combined_cosine(semantic, lexical, same))
    return result


PAIRS = (("ar", "ar-TN", ("ar", "ar")), ("ar", "en", ("ar", "en")), ("ar", "fr", ("ar", "fr")),
         ("en", "fr", ("en", "fr")))


def fit(rows, vectors) -> dict:
    rng = np.random.default_rng(0)
    pooled_pos, pooled_neg = [], []
    fitted = {}
    for a, b, key in PAIRS:
        fitted[key] = curve(*pair_cosines(rows, vectors, a, b, key[0] == key[1], rng))
        positive, negative = pair_cosines(rows, vectors, a, b, False, np.random.default_rng(0))
        pooled_pos.append(positive)   # the pooled curve serves unknown languages: no mean
        pooled_neg.append(negative)
    fitted[("en", "en")] = fitted[("fr", "fr")] = fitted[("ar", "ar")]
    fitted[None] = curve(np.concatenate(pooled_pos), np.concatenate(pooled_neg))
    return fitted


def check() -> None:
    everything = sib_rows(("ar", "ar-TN", "fr", "en"))
    vectors = cached_embed([r["text"] for r in everything])
    split = np.array([r["split"] for r in everything])
    train = [r for r, s in zip(everything, split) if s == "train"]
    dev = [r for r, s in zip(everything, split) if s == "dev"]
    fitted = fit(train, vectors[split == "train"])
    print("curves fitted on train, measured on dev (translations >= 0.9 / >= 0.5; "
          "same-topic others >= 0.5 / >= 0.1):")
    for a, b, key in PAIRS + (("ar-TN", "fr", ("ar", "fr")), ("ar-TN", "en", ("ar", "en"))):
        centre, slope = fitted[key]
        positive, negative = pair_cosines(dev, vectors[split == "dev"], a, b, key[0] == key[1],
                                          np.random.default_rng(1))
        def score(c, slope=slope, centre=centre):
            return 1 / (1 + np.exp(-slope * (c - centre)))
        print(f"  {a:>5}-{b:<5}: {np.mean(score(positive) >= 0.9):.0%} / "
              f"{np.mean(score(positive) >= 0.5):.0%}; {np.mean(score(negative) >= 0.5):.0%} / "
              f"{np.mean(score(negative) >= 0.1):.0%}")


def main() -> None:
    if "--check" in sys.argv[1:]:
        check()
        return
    rows = sib_rows(("ar", "ar-TN", "fr", "en"))
    print("CALIBRATION = {")
    for key, (centre, slope) in fit(rows, cached_embed([r["text"] for r in rows])).items():
        print(f"    {key!r}: ({centre:.4f}, {slope:.2f}),")
    print("}")


if __name__ == "__main__":
    main()
