"""How well the grouping and the similarity work, on development data and on sets they were not
tuned on. Prints its figures; nothing is written to the project.

    .venv/bin/python bench/grouping_eval.py [--quick]

Sets (all from files in the repository or in ../shared/data; the encrypted held-out set is never
read):

- ``sib200``: SIB-200 train+dev, the ar, fr and en translations pooled (2,400 sentences, 7 topics).
  This is the development set the method was tuned on.
- ``sib200+tn``: the same with the Tunisian Arabic translations added (3,200 sentences, a fourth
  "language" the grouping was not tuned with).
- ``sib200-dev``: only the 99 sentences of SIB-200's dev split, in 4 languages (396): a held-out
  split (nothing was tuned on it) at the size of a municipal consultation.
- ``large``: sib200+tn grouped by the path of large inputs (k-means micro-clusters first).
- ``demo``: the 190 demo proposals (Arabic, French, English, mixed) with the 39 themes their
  author gave them (28 of 5-10 proposals, 11 single ones): real-looking proposals, another kind of
  text, never used for tuning.

For each set: ARI and AMI against the topics with the automatic number of themes and with the
true one, the translations of one sentence in one theme ("together"), ARI against the language
(should be ~0), the stability (ARI between the themes of the data and of the same data shuffled,
3 shuffles), and the agreement of the theme labels across languages (share of themes whose
representative proposals in two languages are translations of one another: SIB-200 only).

Similarity: the Arabic MSA <-> Tunisian paraphrase AUC on SIB-200 (a sentence and its Tunisian
translation vs the same sentence and the Tunisian translation of another sentence of the same
topic, the hard negatives; and vs a random other sentence), the same for ar<->fr/en, and how
much the score at the platform's thresholds means the same per language pair.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_mutual_info_score, adjusted_rand_score, roc_auc_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from consult.clustering.algorithms import embed, group_vectors  # noqa: E402
from consult.clustering.algorithms.vectors import pair_scores  # noqa: E402

DATA = ROOT.parent / "shared/data/sib200/sib200_train_dev.jsonl"
if not DATA.exists():
    DATA = Path("/work/shared/data/sib200/sib200_train_dev.jsonl")
DEMO = ROOT / "consult/demo/data/proposals.json"
CACHE = Path("/tmp/consult-grouping-eval")


def cached_embed(texts: list[str]) -> np.ndarray:
    """embed() with a cache keyed by the texts and the vector layout (re-embedding is slow)."""
    from consult.clustering.algorithms.vectors import VECTOR_VERSION

    key = hashlib.sha1(("\n\x00".join(texts) + VECTOR_VERSION).encode()).hexdigest()[:16]
    path = CACHE / f"{key}.npy"
    if path.exists():
        return np.load(path)
    vectors = embed(texts)
    CACHE.mkdir(exist_ok=True)
    np.save(path, vectors)
    return vectors


def sib_rows(languages=("ar", "fr", "en"), split=None) -> list[dict]:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    return [r for r in rows if r["lang"] in languages and (split is None or r["split"] == split)]


def demo_rows() -> list[dict]:
    rows = json.loads(DEMO.read_text(encoding="utf-8"))
    return [{"text": "\n".join(p for p in (r["title"], r["problem"], r["reform"]) if p),
             "label": r["theme"], "lang": r["language"], "parallel_id": None} for r in rows]


def together(labels, parallel_ids) -> float:
    groups: dict = {}
    for pid, label in zip(parallel_ids, labels):
        groups.setdefault(pid, set()).add(label)
    return float(np.mean([len(s) == 1 for s in groups.values()]))


def stability(vectors: np.ndarray, labels: np.ndarray, k, shuffles: int = 3) -> float:
    rng = np.random.default_rng(1)
    scores = []
    for _ in range(shuffles):
        order = rng.permutation(vectors.shape[0])
        shuffled = group_vectors(vectors[order], k=k).labels
        back = np.empty_like(shuffled)
        back[order] = shuffled
        scores.append(adjusted_rand_score(labels, back))
    return float(np.mean(scores))


def label_agreement(vectors, labels, languages, parallel_ids) -> float | None:
    """Share of (theme, language pair) whose most central proposals in each language are
    translations of one another (what a label taken from the representative proposal shows)."""
    from consult.clustering.algorithms.grouping import _as_space, group_centroids

    if parallel_ids[0] is None:
        return None
    space = _as_space(vectors)
    centroids = group_centroids(space, labels)
    hits, total = 0, 0
    for g in range(centroids.shape[0]):
        best = {}
        for lang in np.unique(languages):
            members = np.flatnonzero((labels == g) & (languages == lang))
            if members.size:
                best[lang] = parallel_ids[members[np.argmax(space[members] @ centroids[g])]]
        langs = sorted(best)
        for i, a in enumerate(langs):
            for b in langs[i + 1:]:
                total += 1
                hits += best[a] == best[b]
    return hits / total if total else None


def grouping_report(name: str, rows: list[dict], shuffles: int) -> None:
    texts = [r["text"] for r in rows]
    topics = np.array([r["label"] for r in rows])
    languages = np.array([r["lang"] for r in rows])
    parallel_ids = np.array([r["parallel_id"] for r in rows], dtype=object)
    vectors = cached_embed(texts)
    true_k = len(set(topics))
    print(f"[{name}] {len(rows)} texts, {true_k} topics, languages "
          f"{ {str(k): int(v) for k, v in zip(*np.unique(languages, return_counts=True))} }")
    for title, k in (("automatic k", None), (f"true k={true_k}", true_k)):
        start = time.perf_counter()
        labels = group_vectors(vectors, k=k).labels
        took = time.perf_counter() - start
        sizes = np.bincount(labels)
        line = (f"  {title:>12}: {len(sizes):3d} themes (median size {int(np.median(sizes))}, "
                f"largest {sizes.max()}), ARI {adjusted_rand_score(topics, labels):.3f}, "
                f"AMI {adjusted_mutual_info_score(topics, labels):.3f}, "
                f"ARI vs language {adjusted_rand_score(languages, labels):+.3f}")
        if parallel_ids[0] is not None:
            line += f", together {together(labels, parallel_ids):.1%}"
            agreement = label_agreement(vectors, labels, languages, parallel_ids)
            line += f", label agreement {agreement:.1%}"
        if shuffles:
            line += f", stability (ARI shuffled) {stability(vectors, labels, k, shuffles):.3f}"
        print(line + f" [{took:.2f} s]")


def scores(first, second, lang_a, lang_b):
    """pair_scores with the languages when the code takes them (the code before calibration
    does not)."""
    try:
        return pair_scores(first, second, [lang_a] * len(first), [lang_b] * len(second))
    except TypeError:
        return pair_scores(first, second)


def similarity_report() -> None:
    from consult.clustering.algorithms.vectors import lexical_part, semantic_part

    rows = sib_rows(("ar", "ar-TN", "fr", "en"))
    vectors = cached_embed([r["text"] for r in rows])
    index = {(r["parallel_id"], r["lang"]): i for i, r in enumerate(rows)}
    topic = {r["parallel_id"]: r["label"] for r in rows}
    pids = np.array(sorted(topic))
    rng = np.random.default_rng(0)
    by_topic: dict = {}
    for p in pids:
        by_topic.setdefault(topic[p], []).append(p)
    print("[similarity] SIB-200, 800 sentences; positives: a sentence and its translation;")
    print("  hard negatives: the sentence and the translation of another sentence of the same topic;")
    print("  hardest: of the sentence the encoder finds closest and of the one sharing most n-grams")
    thresholds = {}
    for a, b in (("ar", "ar-TN"), ("ar", "fr"), ("ar", "en"), ("fr", "en"), ("ar-TN", "fr"),
                 ("ar-TN", "en")):
        first = vectors[[index[(p, a)] for p in pids]]
        second = vectors[[index[(p, b)] for p in pids]]
        other = [rng.choice([q for q in by_topic[topic[p]] if q != p]) for p in pids]
        random_other = [rng.choice(pids[pids != p]) for p in pids]
        positive = scores(first, second, a, b)
        hard = scores(first, vectors[[index[(q, b)] for q in other]], a, b)
        easy = scores(first, vectors[[index[(q, b)] for q in random_other]], a, b)
        mined = []
        for part in (semantic_part, lexical_part):  # hardest negatives, mined by each channel
            closeness = part(first) @ part(second).T
            np.fill_diagonal(closeness, -9)
            mined.append(scores(first, second[closeness.argmax(axis=1)], a, b))
        y = np.r_[np.ones(len(pids)), np.zeros(len(pids))]
        auc_hard = roc_auc_score(y, np.r_[positive, hard])
        auc_easy = roc_auc_score(y, np.r_[positive, easy])
        auc_mined = roc_auc_score(np.r_[y, np.zeros(len(pids))], np.r_[positive, *mined])
        thresholds[(a, b)] = positive, hard
        print(f"  {a:>5}<->{b:<5}: AUC hardest {auc_mined:.4f}, same topic {auc_hard:.4f}, "
              f"random {auc_easy:.4f}; translations median {np.median(positive):.3f}, 25th pct "
              f"{np.percentile(positive, 25):.3f}; same-topic others 99th pct {np.percentile(hard, 99):.3f}")
    for cut in (0.5, 0.9):
        recall = {f"{a}-{b}": float(np.mean(p >= cut)) for (a, b), (p, _h) in thresholds.items()}
        false = {f"{a}-{b}": float(np.mean(h >= cut)) for (a, b), (_p, h) in thresholds.items()}
        print(f"  score >= {cut}: translations flagged "
              + ", ".join(f"{k} {v:.0%}" for k, v in recall.items())
              + "; same-topic others flagged " + ", ".join(f"{k} {v:.0%}" for k, v in false.items()))
    # Arabic demo proposals (never tuned on): pairs of the same theme (one request in other
    # words) against pairs of different themes.
    demo = demo_rows()
    arabic = [i for i, r in enumerate(demo) if r["lang"] == "ar"]
    vectors = cached_embed([r["text"] for r in demo])[arabic]
    themes = np.array([demo[i]["label"] for i in arabic])
    upper = np.triu_indices(len(arabic), 1)
    same = (themes[:, None] == themes[None, :])[upper]
    left, right = vectors[upper[0]], vectors[upper[1]]
    print(f"  demo, Arabic proposals ({len(arabic)}): same theme vs other theme AUC "
          f"{roc_auc_score(same, scores(left, right, 'ar', 'ar')):.4f} (semantic alone "
          f"{roc_auc_score(same, np.einsum('ij,ij->i', semantic_part(left), semantic_part(right))):.4f}, "
          f"lexical alone "
          f"{roc_auc_score(same, np.einsum('ij,ij->i', lexical_part(left), lexical_part(right))):.4f})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="no stability (faster)")
    parser.add_argument("--sets", default="sib200,sib200+tn,sib200-dev,demo,large,similarity")
    args = parser.parse_args()
    shuffles = 0 if args.quick else 3
    sets = args.sets.split(",")
    if "sib200" in sets:
        grouping_report("sib200", sib_rows(), shuffles)
    if "sib200+tn" in sets:
        grouping_report("sib200+tn", sib_rows(("ar", "ar-TN", "fr", "en")), shuffles)
    if "sib200-dev" in sets:
        grouping_report("sib200-dev", sib_rows(("ar", "ar-TN", "fr", "en"), split="dev"), shuffles)
    if "demo" in sets:
        grouping_report("demo", demo_rows(), shuffles)
    if "large" in sets:
        # The path of large consultations (above DIRECT_LIMIT: k-means micro-clusters, which
        # depend on the order of the input), forced on the 3,200 sentences.
        from consult.clustering.algorithms import grouping

        limit, grouping.DIRECT_LIMIT = grouping.DIRECT_LIMIT, 1000
        try:
            grouping_report("sib200+tn, micro-cluster path", sib_rows(("ar", "ar-TN", "fr", "en")),
                            shuffles)
        finally:
            grouping.DIRECT_LIMIT = limit
    if "similarity" in sets:
        similarity_report()


if __name__ == "__main__":
    main()
