"""Search by meaning: which semantic cosine a proposal needs to be found by a short query.

    .venv/bin/python bench/search_eval.py

On the 190 demo proposals and their authors' themes: 27 queries of 1-3 words (nine subjects, each
in Arabic, French and English, written for this check); a proposal is relevant to a query when
its theme is one of the subject's themes. Prints, for several cosine thresholds, the precision
and recall of the proposals found by meaning (SimilarIndex.nearest_by_meaning), per query
language: with a fixed cosine threshold, and with the rule the search uses (lookup.SEARCH_MIN_Z
standard deviations above the query's mean cosine, or lookup.SEARCH_STRONG_COSINE, after
moving the query towards its lookup.SEARCH_FEEDBACK closest proposals).
"""
from __future__ import annotations

import sys
from pathlib import Path


sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from grouping_eval import cached_embed, demo_rows  # noqa: E402

from consult.clustering.algorithms import SimilarIndex, embed  # noqa: E402

SUBJECTS = [
    (("budget", "ميزانية", "budget"),
     {"municipal-open-budget", "participatory-budgeting", "budget-transparency"}),
    (("water", "الماء", "eau"), {"water-governance"}),
    (("asset declaration", "التصريح بالمكاسب", "déclaration de patrimoine"), {"asset-declaration"}),
    (("whistleblowers", "حماية المبلغين", "lanceurs d'alerte"), {"whistleblower-protection"}),
    (("open data", "البيانات المفتوحة", "données ouvertes"),
     {"procurement-open-data", "open-data-inventory", "environment-data"}),
    (("youth", "الشباب", "jeunes"), {"youth-local-councils"}),
    (("women", "المرأة", "femmes"), {"women-participation"}),
    (("health", "الصحة", "santé"), {"health-participation"}),
    (("complaints", "الشكاوى", "réclamations"), {"e-complaint"}),
]


def main() -> None:
    rows = demo_rows()
    vectors = cached_embed([r["text"] for r in rows])
    themes = [r["label"] for r in rows]
    index = SimilarIndex(list(range(len(rows))), vectors)
    queries = [(q, lang, relevant) for words, relevant in SUBJECTS
               for q, lang in zip(words, ("en", "ar", "fr"))]
    query_vectors = embed([q for q, _l, _r in queries])
    rules = [(f"cosine >= {t:.2f}", {"min_cosine": t}) for t in (0.1, 0.15, 0.2, 0.25, 0.3, 0.35)]
    rules += [(f"z >= {z} or cosine >= 0.30", {"min_z": z, "strong_cosine": 0.30}) for z in (2.0, 2.5, 3.0)]
    rules += [(f"feedback 3, z >= {z} or cosine >= 0.30 (the search: 1.8)",
               {"min_z": z, "strong_cosine": 0.30, "feedback": 3}) for z in (1.5, 1.8, 2.0, 2.5)]
    for title, rule in rules:
        line = []
        for language in ("en", "ar", "fr"):
            found = relevant_found = relevant_all = 0
            for (_query, lang, relevant), vector in zip(queries, query_vectors):
                if lang != language:
                    continue
                hits = [pid for pid, _c in index.nearest_by_meaning(vector, 60, **rule)]
                found += len(hits)
                relevant_found += sum(themes[h] in relevant for h in hits)
                relevant_all += sum(t in relevant for t in themes)
            line.append(f"{language}: precision {relevant_found / max(found, 1):.0%} "
                        f"recall {relevant_found / relevant_all:.0%} ({found} found)")
        print(f"{title}: " + "; ".join(line))

if __name__ == "__main__":
    main()
