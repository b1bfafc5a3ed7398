"""Speed and memory of the clustering module (prints figures; not a test).

    .venv/bin/python bench/bench_clustering.py [--sizes 1000 10000 100000]

- Embedding throughput: real sentences (SIB-200 if present, else generated phrases), batches
  of 256 texts, USE on 2 threads.
- Grouping from stored vectors at 1,000 / 10,000 / 100,000 proposals: synthetic vectors in the
  stored layout, drawn around 300 topic centres (each centre is a real embedded sentence;
  each point is its centre plus Gaussian noise, semantic and lexical parts renormalised, so a
  point's cosine to its centre is about 0.6, like paraphrases). Time and peak memory
  (tracemalloc peak of the call, and the process's max RSS) of group_vectors + describe-free
  grouping, then of find_near_duplicates.
- Similar-proposal lookup at 100,000: p50/p95 of SimilarIndex.query_text over 300 new texts,
  embedding of the query included (``--lookup-only`` runs just this part), and the share of the
  exact top 5 (every proposal scored on both channels) that the index returns.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from consult.clustering.algorithms import (SimilarIndex, embed, find_near_duplicates,  # noqa: E402
                                           group_vectors)
from consult.clustering.algorithms.vectors import (LEXICAL_DIM, SEMANTIC_DIM,  # noqa: E402
                                                   combined_cosine, cosine_to_score)

SIB = Path(__file__).resolve().parents[1].parent / "shared/data/sib200/sib200_train_dev.jsonl"


def sentences() -> list[str]:
    if SIB.exists():
        rows = [json.loads(line) for line in SIB.read_text(encoding="utf-8").splitlines()]
        return [r["text"] for r in rows if r["lang"] in ("ar", "fr", "en")]
    subjects = ["the municipal budget", "public hospitals", "youth centres", "open data",
                "local elections", "water supply", "public transport", "school canteens"]
    verbs = ["Publish", "Improve", "Audit", "Open to citizens", "Fund", "Digitise"]
    return [f"{v} {s} in region {r}" for v in verbs for s in subjects for r in range(50)]


def synthetic(n: int, centres: np.ndarray, rng) -> np.ndarray:
    topic = rng.integers(0, centres.shape[0], size=n)
    out = np.empty((n, SEMANTIC_DIM + LEXICAL_DIM), dtype=np.float32)
    for start in range(0, n, 20_000):  # in chunks, to keep the generator's memory small
        stop = min(n, start + 20_000)
        block = centres[topic[start:stop]] + rng.normal(
            scale=0.055, size=(stop - start, centres.shape[1])).astype(np.float32)
        for part in (slice(0, SEMANTIC_DIM), slice(SEMANTIC_DIM, None)):
            block[:, part] /= np.linalg.norm(block[:, part], axis=1, keepdims=True)
        out[start:stop] = block
    return out


def measure(function, *args, **kwargs):
    tracemalloc.start()
    start = time.perf_counter()
    result = function(*args, **kwargs)
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--lookup-only", action="store_true",
                        help="skip embedding throughput and grouping; time the lookup only")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    texts = sentences()
    # Other processes on the machine slow every figure below; the load average says how much.
    print(f"load average at start: {open('/proc/loadavg').read().split()[0]} on 2 cores")

    embed(["warm-up"])  # loads the model once, as the platform does at start
    sample = texts[:2400]
    start = time.perf_counter()
    real = np.vstack([embed(sample[i:i + 256]) for i in range(0, len(sample), 256)])
    seconds = time.perf_counter() - start
    print(f"embedding: {len(sample)} texts in {seconds:.2f} s = {len(sample) / seconds:.0f} texts/s")

    centres = real[rng.choice(real.shape[0], 300, replace=False)]
    for n in ([] if args.lookup_only else args.sizes):
        vectors = synthetic(n, centres, rng)
        grouping, seconds, peak = measure(group_vectors, vectors)
        print(f"grouping n={n:>6}: {seconds:6.2f} s, {grouping.n_groups} groups, "
              f"tracemalloc peak {peak / 2**20:7.1f} MiB, input {vectors.nbytes / 2**20:.0f} MiB, "
              f"max RSS so far {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
        pairs, seconds, peak = measure(find_near_duplicates, vectors)
        print(f"near-duplicates n={n:>6}: {seconds:6.2f} s, {len(pairs)} pairs >= 0.9, "
              f"tracemalloc peak {peak / 2**20:7.1f} MiB")

    n = max(args.sizes)
    vectors = synthetic(n, centres, rng)
    start = time.perf_counter()
    index = SimilarIndex(list(range(n)), vectors)
    print(f"similar index of {n} built in {time.perf_counter() - start:.2f} s")
    queries = texts[-args.queries:]
    latencies, found = [], []
    for text in queries:
        start = time.perf_counter()
        found.append([pid for pid, _score in index.query_text(text, k=5)])
        latencies.append((time.perf_counter() - start) * 1000)
    p50, p95 = np.percentile(latencies, [50, 95])
    print(f"similar lookup at n={n}: p50 {p50:.1f} ms, p95 {p95:.1f} ms "
          f"(query embedding included, {len(queries)} queries)")
    query_vectors = embed(queries)
    scan = []
    for query in query_vectors:
        start = time.perf_counter()
        index.query_vector(query, k=5)
        scan.append((time.perf_counter() - start) * 1000)
    p50, p95 = np.percentile(scan, [50, 95])
    print(f"  of which the index scan (query already embedded): p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    overlap = []
    for query, hits in zip(query_vectors, found):
        exact = cosine_to_score(combined_cosine(vectors[:, :SEMANTIC_DIM] @ query[:SEMANTIC_DIM],
                                                vectors[:, SEMANTIC_DIM:] @ query[SEMANTIC_DIM:]))
        overlap.append(len(set(np.argsort(-exact, kind="stable")[:5]) & set(hits)) / 5)
    print(f"top-5 overlap with the exact scan of both channels: {np.mean(overlap):.1%} "
          f"(min {np.min(overlap):.0%})")
    print(f"load average at end: {open('/proc/loadavg').read().split()[0]}")
    print(f"max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
