"""Offline command for analysts (JSON lines in, JSON lines out, UTF-8).

    python -m consult.clustering.algorithms cluster IN.jsonl [--k K] [--granularity G] > OUT.jsonl
        in: {"id": ..., "text": "..."} per line   out: {"id": ..., "cluster": n, "label": "..."}
    python -m consult.clustering.algorithms similarity PAIRS.jsonl > OUT.jsonl
        in: {"id": ..., "text_a": "...", "text_b": "..."}   out: {"id": ..., "score": s in [0, 1]}

Bad input (not JSON, a missing field, a non-string text, an empty file) is reported on stderr
with its line number, and the command exits with status 2 before writing anything.
"""
from __future__ import annotations

import argparse
import json
import sys


class InputError(Exception):
    pass


def _read(path: str, text_fields: tuple[str, ...]) -> list[dict]:
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from error
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text") from error
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"{path}: line {number}: not valid JSON ({error.msg})") from error
        if not isinstance(record, dict):
            raise InputError(f"{path}: line {number}: expected a JSON object")
        for name in ("id",) + text_fields:
            if name not in record:
                raise InputError(f"{path}: line {number}: missing field '{name}'")
        for name in text_fields:
            if not isinstance(record[name], str):
                raise InputError(f"{path}: line {number}: field '{name}' must be a string")
        records.append(record)
    if not records:
        raise InputError(f"{path}: empty file, no records")
    return records


def _write(rows) -> None:
    out = sys.stdout
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
    out.flush()


def _cluster(args) -> None:
    records = _read(args.file, ("text",))
    from consult.clustering.algorithms.pipeline import cluster_texts

    result = cluster_texts([r["text"] for r in records], k=args.k, granularity=args.granularity)
    labels = [group.label for group in result.groups]
    _write({"id": r["id"], "cluster": int(g), "label": labels[g]}
           for r, g in zip(records, result.labels))


def _similarity(args) -> None:
    records = _read(args.file, ("text_a", "text_b"))
    from consult.clustering.algorithms.text import detect_language
    from consult.clustering.algorithms.vectors import embed, pair_scores

    n = len(records)
    vectors = embed([r["text_a"] for r in records] + [r["text_b"] for r in records])
    scores = pair_scores(vectors[:n], vectors[n:], [detect_language(r["text_a"]) for r in records],
                         [detect_language(r["text_b"]) for r in records])
    _write({"id": r["id"], "score": round(float(s), 6)} for r, s in zip(records, scores))


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be a positive integer")
    return number


def _positive_float(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise argparse.ArgumentTypeError("must be positive")
    return number


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m consult.clustering.algorithms",
                                     description="Group proposals or score text pairs.")
    commands = parser.add_subparsers(dest="command", required=True)
    cluster = commands.add_parser("cluster", help="group proposals: id, text -> id, cluster, label")
    cluster.add_argument("file")
    cluster.add_argument("--k", type=_positive_int, default=None,
                         help="number of groups (default: found automatically)")
    cluster.add_argument("--granularity", type=_positive_float, default=1.0,
                         help="> 1 for finer groups, < 1 for coarser (when --k is not given)")
    cluster.set_defaults(run=_cluster)
    pairs = commands.add_parser("similarity", help="score pairs: id, text_a, text_b -> id, score")
    pairs.add_argument("file")
    pairs.set_defaults(run=_similarity)
    args = parser.parse_args(argv)
    try:
        args.run(args)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # also runnable as a file
    sys.exit(main())
