"""Quality of grouping and similarity on SIB-200 (train+dev; the test split is kept unseen).

    .venv/bin/python bench/evaluate_sib200.py

Pools the ar, fr and en sentences (translations of one another, 7 topics) and prints, with the
AUTOMATIC number of groups: ARI and NMI against the topics, the share of translation triples in
one group, ARI against the language (should be ~0); then the separation of the similarity
scores (translation pairs vs random pairs) and near-duplicate flagging of translation pairs.
Also prints ARI at fixed k and with granularity 0.5 / 2 for reference.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from consult.clustering.algorithms import embed, find_near_duplicates, group_vectors  # noqa: E402
from consult.clustering.algorithms.text import detect_language  # noqa: E402
from consult.clustering.algorithms.vectors import pair_scores  # noqa: E402

DATA = Path(__file__).resolve().parents[1].parent / "shared/data/sib200"


def triples_together(labels, parallel_ids) -> float:
    groups: dict = {}
    for pid, label in zip(parallel_ids, labels):
        groups.setdefault(pid, set()).add(label)
    return float(np.mean([len(s) == 1 for s in groups.values()]))


def report(name, labels, topics, languages, parallel_ids) -> None:
    print(f"{name}: {len(set(labels))} groups, "
          f"ARI {adjusted_rand_score(topics, labels):.3f}, "
          f"NMI {normalized_mutual_info_score(topics, labels):.3f}, "
          f"triples together {triples_together(labels, parallel_ids):.1%}, "
          f"ARI vs language {adjusted_rand_score(languages, labels):.3f}")


def main() -> None:
    rows = [json.loads(line) for line in
            (DATA / "sib200_train_dev.jsonl").read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if r["lang"] in ("ar", "fr", "en")]
    texts = [r["text"] for r in rows]
    topics = np.array([r["label"] for r in rows])
    languages = np.array([r["lang"] for r in rows])
    parallel_ids = np.array([r["parallel_id"] for r in rows])

    detected = np.array([detect_language(t) for t in texts])
    print(f"{len(rows)} sentences; language identification accuracy "
          f"{np.mean(detected == languages):.1%}")

    start = time.perf_counter()
    vectors = embed(texts)
    print(f"embedded in {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    grouping = group_vectors(vectors)
    print(f"grouped in {time.perf_counter() - start:.2f} s")
    report("automatic k", grouping.labels, topics, languages, parallel_ids)
    for granularity in (0.5, 2.0):
        report(f"granularity {granularity}", group_vectors(vectors, granularity=granularity).labels,
               topics, languages, parallel_ids)
    report("k=7 (the number of topics)", group_vectors(vectors, k=7).labels,
           topics, languages, parallel_ids)

    # Held-out-sized subsets (204 sentences x 3 languages), automatic k.
    rng = np.random.default_rng(0)
    aris, triples = [], []
    for _ in range(10):
        chosen = np.isin(parallel_ids, rng.choice(np.unique(parallel_ids), 204, replace=False))
        labels = group_vectors(vectors[chosen]).labels
        aris.append(adjusted_rand_score(topics[chosen], labels))
        triples.append(triples_together(labels, parallel_ids[chosen]))
    print(f"10 subsets of 612 sentences, automatic k: ARI {np.mean(aris):.3f} "
          f"(min {np.min(aris):.3f}), triples together {np.mean(triples):.1%}")

    # Similarity: translation pairs vs random pairs (different sentences).
    index = {(r["parallel_id"], r["lang"]): i for i, r in enumerate(rows)}
    pids = np.unique(parallel_ids)
    firsts, seconds = [], []
    for a, b in (("en", "fr"), ("en", "ar"), ("fr", "ar")):
        firsts += [index[(p, a)] for p in pids]
        seconds += [index[(p, b)] for p in pids]
    translation = pair_scores(vectors[firsts], vectors[seconds])
    left = rng.integers(0, len(rows), 5000)
    right = rng.integers(0, len(rows), 5000)
    keep = parallel_ids[left] != parallel_ids[right]
    random_scores = pair_scores(vectors[left[keep]], vectors[right[keep]])
    same_topic = keep & (topics[left] == topics[right])
    print(f"similarity: translation pairs mean {translation.mean():.3f} "
          f"(median {np.median(translation):.3f}, 5th pct {np.percentile(translation, 5):.3f}); "
          f"random pairs mean {random_scores.mean():.3f} "
          f"(95th pct {np.percentile(random_scores, 95):.3f}); "
          f"random same-topic pairs mean "
          f"{pair_scores(vectors[left[same_topic]], vectors[right[same_topic]]).mean():.3f}")
    auc = (translation[:, None] > random_scores[None, :]).mean()
    print(f"similarity AUC (translation vs random pair): {auc:.4f}")

    pairs = find_near_duplicates(vectors)
    true = sum(parallel_ids[p.first] == parallel_ids[p.second] for p in pairs)
    print(f"near-duplicates (score >= 0.9): {len(pairs)} pairs flagged, "
          f"{true / max(len(pairs), 1):.1%} are translations of each other; "
          f"{true / len(translation):.1%} of the {len(translation)} translation pairs flagged")


if __name__ == "__main__":
    main()
