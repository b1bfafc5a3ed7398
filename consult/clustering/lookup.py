"""The similar-proposal lookup of the submission form ("these proposals may already say it") and
the search of proposals by meaning: one in-memory index per consultation, kept up to date with
the stored vectors. Reads only."""
from __future__ import annotations

import logging
import threading

from flask import current_app
from sqlalchemy import func, select

from consult.clustering import algorithms, embedding
from consult.clustering.models import ProposalVector
from consult.core.extensions import db
from consult.core.text import detect_language
from consult.proposals.models import Proposal

log = logging.getLogger(__name__)

SIMILAR_TEXT_MAX = 2000
SIMILAR_MIN_SCORE = 0.5
SIMILAR_RESULTS = 5
# A search query is a few words, not a proposal: its cosines with the proposals are low (0.1-0.4)
# and vary from one query to another. The query is first moved towards its 3 closest proposals
# (pseudo-relevance feedback); a proposal is then found by meaning when it stands 1.8 standard
# deviations above the mean cosine with the consultation's proposals, or when the query itself
# reaches 0.30; in a consultation of fewer than 30 proposals (too few for a spread), from 0.20.
# On the demo (bench/search_eval.py: 27 queries of 1-3 words in ar/fr/en; chosen on it) this finds
# 70-71% of the proposals on the subject, 76-78% of what it finds being on it; a fixed cosine
# of 0.20: 49-51% and 80-83%; of 0.15: 67-69% and 68-72%. "budget" then finds the Arabic
# proposals on ميزانية of the demo.
SEARCH_FEEDBACK = 3
SEARCH_MIN_Z = 1.8
SEARCH_STRONG_COSINE = 0.30
SEARCH_MIN_COSINE = 0.20


class _CachedIndex:
    def __init__(self):
        self.index = algorithms.SimilarIndex()
        self.count = 0     # stored vector rows seen (any version)
        self.max_id = 0    # highest ProposalVector.id seen
        self.lock = threading.Lock()


def _index_cache() -> dict:
    return current_app.extensions.setdefault("clustering_similar", {})


def forget_indexes() -> None:
    _index_cache().clear()


def _load_vectors(consultation_id: int, after_id: int = 0):
    """(row ids, proposal ids, vectors) of the stored rows after `after_id`; rows of another
    vector version (waiting for a run to re-embed them) count as seen but are not returned."""
    rows = db.session.execute(select(ProposalVector.id, ProposalVector.proposal_id, ProposalVector.version,
                                     ProposalVector.vector, Proposal.language)
                              .join(Proposal, Proposal.id == ProposalVector.proposal_id)
                              .filter(ProposalVector.consultation_id == consultation_id,
                                      ProposalVector.id > after_id)
                              .order_by(ProposalVector.id)).all()
    current = [r for r in rows if r[2] == algorithms.VECTOR_VERSION]
    return ([r[0] for r in rows], [r[1] for r in current],
            algorithms.stack_vectors([bytes(r[3]) for r in current]), [r[4] for r in current])


def similar_index(consultation_id: int):
    """The consultation's in-memory SimilarIndex, brought up to date with the stored vectors.

    Each call asks for the highest stored row id (one index seek, it never reads the vectors):
    a higher one means vectors were stored since, by this process or another one. Rows are
    only ever replaced by new rows (a run re-embedding them), never removed."""
    entry = _index_cache().setdefault(consultation_id, _CachedIndex())
    max_id = db.session.scalar(select(func.coalesce(func.max(ProposalVector.id), 0))
                               .filter(ProposalVector.consultation_id == consultation_id))
    with entry.lock:
        if max_id == entry.max_id:
            return entry.index
        if entry.count and max_id > entry.max_id:
            count = db.session.scalar(select(func.count(ProposalVector.id))
                                      .filter(ProposalVector.consultation_id == consultation_id))
            row_ids, ids, vectors, languages = _load_vectors(consultation_id, entry.max_id)
            if entry.count + len(row_ids) == count:   # only additions: extend the index
                if ids:
                    entry.index.add(ids, vectors, languages)
                entry.count, entry.max_id = count, max(row_ids)
                return entry.index
        row_ids, ids, vectors, languages = _load_vectors(consultation_id)   # rows replaced: rebuild
        entry.index = algorithms.SimilarIndex(ids, vectors, languages=languages)
        entry.count, entry.max_id = len(row_ids), max(row_ids, default=0)
        return entry.index


def similar_proposals(consultation_id: int, text: str, k: int = SIMILAR_RESULTS) -> list[dict]:
    """Visible proposals of the consultation that look like `text`, in any language (public fields)."""
    text = (text or "")[:SIMILAR_TEXT_MAX].strip()
    if not text:
        return []
    index = similar_index(consultation_id)
    if not len(index):
        return []
    vector = algorithms.embed([text], embedding.get_encoder())[0]
    hits = index.query_vector(vector, k=3 * k, min_score=SIMILAR_MIN_SCORE,
                              language=detect_language(text))
    if not hits:
        return []
    visible = {row[0]: row for row in db.session.execute(
        select(Proposal.id, Proposal.ref, Proposal.title, Proposal.status)
        .filter(Proposal.id.in_([pid for pid, _s in hits]), Proposal.status != "hidden",
                Proposal.consultation_id == consultation_id))}
    return [{"ref": visible[pid][1], "title": visible[pid][2], "score": round(score, 3),
             "status": visible[pid][3]} for pid, score in hits if pid in visible][:k]


def ids_by_meaning(consultation_id: int, query: str, limit: int) -> list[int]:
    """Proposals of the consultation whose meaning is close to a search query, in any language,
    closest first (hidden ones included: the search filters them as it filters the others)."""
    query = (query or "")[:SIMILAR_TEXT_MAX].strip()
    if not query:
        return []
    index = similar_index(consultation_id)
    if not len(index):
        return []
    vector = algorithms.embed([query], embedding.get_encoder())[0]
    hits = index.nearest_by_meaning(vector, limit, SEARCH_MIN_COSINE, min_z=SEARCH_MIN_Z,
                                    strong_cosine=SEARCH_STRONG_COSINE, feedback=SEARCH_FEEDBACK)
    return [pid for pid, _cosine in hits]


def on_search_by_meaning(consultation_id, query: str = "", limit: int = 50, **extra) -> list[int]:
    """Receiver of the proposals' `search_by_meaning`: never breaks the search (words still work)."""
    try:
        return ids_by_meaning(consultation_id, query, limit)
    except Exception:  # noqa: BLE001 - e.g. the encoder cannot load: the word search answers alone
        log.exception("search by meaning failed; the search finds words only")
        return []
