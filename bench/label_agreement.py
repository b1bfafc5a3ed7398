"""Do a theme's three labels say the same thing? And which themes are made of two subjects?

    DATABASE_URL=sqlite:////tmp/demo.db .venv/bin/python bench/label_agreement.py [--consultation ID]

On a database where the demo is loaded (``flask demo``), for the consultation's themes as they are:

1. label agreement across languages (``algorithms.label_agreement``): how often the Arabic,
   French and English labels of a theme come from one proposal or translate each other (every
   two at the encoder's cosine >= TRANSLATION_COSINE), for the labels stored on the themes and
   for the titles ``theme_labels`` gives the same themes; also the share of themes whose label
   in a language is a member written in that language;
2. the translation threshold itself: the cosine of SIB-200 translation pairs (ar/fr/en) against
   random pairs of sentences;
3. the mixed-theme flag (``mixed_split``) on the demo's known subjects (the ``theme`` of each
   demo proposal): the silhouette of single subjects and of unions of two subjects.
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from consult.clustering import algorithms  # noqa: E402
from consult.clustering.algorithms.labels import TRANSLATION_COSINE, label_agreement, theme_labels  # noqa: E402
from consult.clustering.algorithms.mixed import CENTROID_COSINE, COHESION_MIN, SILHOUETTE_THRESHOLD, mixed_split  # noqa: E402
from consult.clustering.algorithms.vectors import semantic_part  # noqa: E402

STRICT_COSINES = (0.6, 0.7, 0.8)
SIB = ROOT.parent / "shared/data/sib200/sib200_train_dev.jsonl"


class Cosine:
    """Semantic cosine of two texts (the encoder's channel), cached."""

    def __init__(self):
        self.cache: dict[str, np.ndarray] = {}

    def vector(self, text: str) -> np.ndarray:
        if text not in self.cache:
            self.cache[text] = semantic_part(algorithms.embed([text]))[0]
        return self.cache[text]

    def __call__(self, a: str, b: str) -> float:
        va, vb = self.vector(a), self.vector(b)
        return float(va @ vb / max(np.linalg.norm(va) * np.linalg.norm(vb), 1e-12))


def translation_threshold(cosine: Cosine, n: int = 150) -> None:
    by_id: dict = {}
    for line in SIB.open(encoding="utf-8"):
        row = json.loads(line)
        by_id.setdefault(row["parallel_id"], {})[row["lang"]] = row["text"]
    rows = [r for r in by_id.values() if {"ar", "fr", "en"} <= set(r)][:n]
    pairs = [(r[a], r[b]) for r in rows for a, b in (("ar", "fr"), ("ar", "en"), ("fr", "en"))]
    rng = np.random.default_rng(0)
    random_pairs = [(rows[i]["ar"], rows[j]["fr"]) for i, j in rng.integers(0, len(rows), (len(pairs), 2)) if i != j]
    same = np.array([cosine(a, b) for a, b in pairs])
    other = np.array([cosine(a, b) for a, b in random_pairs])
    print(f"SIB-200 translations: cosine median {np.median(same):.2f}, {np.mean(same >= TRANSLATION_COSINE):.0%} "
          f">= {TRANSLATION_COSINE}; random pairs median {np.median(other):.2f}, "
          f"{np.mean(other >= TRANSLATION_COSINE):.1%} >= {TRANSLATION_COSINE}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--consultation", type=int, default=None)
    args = parser.parse_args()
    from sqlalchemy import select

    from consult import create_app
    from consult.clustering.models import ProposalVector, Theme
    from consult.core.extensions import db
    from consult.proposals.models import Proposal

    app = create_app()
    with app.app_context():
        consultation_id = args.consultation or db.session.scalar(
            select(Theme.consultation_id).group_by(Theme.consultation_id)
            .order_by(db.func.count(Theme.id).desc()).limit(1))
        rows = db.session.execute(
            select(Proposal.id, Proposal.title, Proposal.language, Proposal.theme_id, ProposalVector.vector)
            .join(ProposalVector, ProposalVector.proposal_id == Proposal.id)
            .filter(Proposal.consultation_id == consultation_id, Proposal.status != "hidden",
                    Proposal.theme_id.is_not(None), ProposalVector.version == algorithms.VECTOR_VERSION)
            .order_by(Proposal.id)).all()
        themes = {t.id: t for t in db.session.scalars(select(Theme).filter_by(consultation_id=consultation_id))}
    theme_ids = sorted({r[3] for r in rows})
    group = np.array([theme_ids.index(r[3]) for r in rows])
    vectors = algorithms.stack_vectors([bytes(r[4]) for r in rows])
    titles, languages, ids = [r[1] for r in rows], [r[2] for r in rows], [r[0] for r in rows]
    cosine = Cosine()

    automatic = [t for t in theme_ids if themes[t].run_id is not None and not themes[t].locked]
    print(f"consultation {consultation_id}: {len(theme_ids)} themes ({len(automatic)} made by a run, not locked), "
          f"{len(rows)} grouped proposals")
    computed = dict(zip(theme_ids, theme_labels(group, vectors, titles, languages)))
    for name, chosen in (("every theme", theme_ids), ("themes made by a run", automatic)):
        stored = [_stored_label(themes[t]) for t in chosen]
        titled = [{"titles": computed[t].titles, "sources": {k: ids[v] for k, v in computed[t].sources.items()}}
                  for t in chosen]
        print(f"{name}:\n  labels stored on the themes: {label_agreement(stored, cosine)}"
              f"\n  titles of the most representative proposals: {label_agreement(titled, cosine)}")
    own = np.mean([label.languages[lang] == lang for label in computed.values() for lang in label.titles])
    print(f"  a title written in its own language: {own:.0%} of the theme x language pairs")
    for theme_id in automatic[:6]:
        print(f"  theme {theme_id}: stored {_stored_label(themes[theme_id])['titles']}\n"
              f"    titles {computed[theme_id].titles}")
    translation_threshold(cosine)
    demo_groupings(cosine)
    mixed_calibration()


def _stored_label(theme) -> dict:
    label = theme.label or {}
    titles = label.get("titles") if isinstance(label.get("titles"), dict) else label
    return {"titles": titles, "sources": (label.get("sources") if isinstance(label.get("sources"), dict) else None)}


def demo_groupings(cosine: Cosine) -> None:
    """The demo's 190 proposals grouped from scratch (no locked theme) at three granularities:
    label agreement of the keyword labels (before) and of the titles (after) on the same groups,
    and the mixed flag against the known subjects."""
    data = json.loads((ROOT / "consult/demo/data/proposals.json").read_text(encoding="utf-8"))
    texts = ["\n".join(p for p in (d["title"], d["problem"], d["reform"]) if p) for d in data]
    titles = [d["title"] for d in data]
    languages = [d.get("language") or "" for d in data]
    subjects = [d.get("theme") or f"-{i}" for i, d in enumerate(data)]
    vectors = algorithms.embed(texts)
    space = algorithms.grouping_space(vectors)
    for granularity in (0.5, 1.0, 2.0):
        labels = algorithms.group_vectors(vectors, granularity=granularity).labels
        summaries = algorithms.describe_groups(labels, vectors, texts, languages=languages)
        keywords = [{"titles": {lang: " ".join(words) for lang, words in s.terms.items() if words}} for s in summaries]
        titled = [{"titles": t.titles, "sources": t.sources} for t in theme_labels(labels, vectors, titles, languages)]
        stricter = []
        for bar in STRICT_COSINES:
            strict_labels = theme_labels(labels, vectors, titles, languages, min_anchor_cosine=bar)
            strict = label_agreement([{"titles": t.titles, "sources": t.sources} for t in strict_labels], cosine)
            own = np.mean([t.languages[lang] == lang for t in strict_labels for lang in t.titles])
            stricter.append(f"{bar}: {strict['share']:.0%} agree, {own:.0%} in the reader's language")
        flags = []
        for g in range(len(summaries)):
            members = np.flatnonzero(labels == g)
            counts = sorted(np.unique([subjects[i] for i in members], return_counts=True)[1], reverse=True)
            main_share = counts[0] / members.size
            flags.append((mixed_split(space[members]).mixed, main_share))
        flagged = [share for mixed, share in flags if mixed]
        unflagged = [share for mixed, share in flags if not mixed]
        before, after = label_agreement(keywords, cosine), label_agreement(titled, cosine)
        print(f"demo from scratch, granularity {granularity}: {len(summaries)} themes; label agreement "
              f"keywords {before['agreeing']}/{before['themes']} ({before['share']:.0%}), "
              f"titles {after['agreeing']}/{after['themes']} ({after['share']:.0%}; "
              f"{after['same_proposal']} from one proposal, {after['translations']} translations); "
              f"at cosine 0.5: keywords {label_agreement(keywords, cosine, 0.5)['share']:.0%}, "
              f"titles {label_agreement(titled, cosine, 0.5)['share']:.0%}")
        print("  stricter titles (a language's own title only when its proposal is at cosine >= x of the most "
              "representative one): " + "; ".join(stricter))
        print(f"  mixed flag: {len(flagged)} themes flagged (their main subject holds "
              f"{np.mean(flagged) if flagged else float('nan'):.0%} of them on average), "
              f"{len(unflagged)} not flagged ({np.mean(unflagged):.0%})")


def mixed_calibration() -> None:
    """Silhouettes of the demo's single subjects and of unions of two subjects."""
    data = json.loads((ROOT / "consult/demo/data/proposals.json").read_text(encoding="utf-8"))
    texts = ["\n".join(p for p in (d["title"], d["problem"], d["reform"]) if p) for d in data]
    vectors = algorithms.embed(texts)
    subjects: dict[str, list[int]] = {}
    for i, d in enumerate(data):
        subjects.setdefault(d.get("theme") or "-", []).append(i)
    big = [name for name, members in subjects.items() if len(members) >= 6]
    single = [mixed_split(vectors[subjects[name]]) for name in big]
    unions = [mixed_split(vectors[subjects[a] + subjects[b]]) for a, b in itertools.combinations(big, 2)]
    s_single = np.array([m.silhouette for m in single])
    s_union = np.array([m.silhouette for m in unions])
    print(f"mixed flag on the demo's {len(big)} subjects of 6+ proposals (sub-group centroids at cosine "
          f"< {CENTROID_COSINE} and silhouette >= {SILHOUETTE_THRESHOLD}, or cohesion < {COHESION_MIN}):")
    c_single = np.array([m.centroid_cosine for m in single])
    c_union = np.array([m.centroid_cosine for m in unions])
    print(f"  sub-group centroid cosine: single subjects min {c_single.min():.2f}, median {np.median(c_single):.2f}; "
          f"two subjects median {np.median(c_union):.2f}")
    print(f"  single subjects: silhouette median {np.median(s_single):.3f}, max {s_single.max():.3f}; "
          f"flagged mixed {sum(m.mixed for m in single)}/{len(single)}")
    print(f"  two subjects together: silhouette median {np.median(s_union):.3f}, min {s_union.min():.3f}; "
          f"flagged mixed {sum(m.mixed for m in unions)}/{len(unions)}")


if __name__ == "__main__":
    main()
