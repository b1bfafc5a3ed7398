"""The similar-proposal lookup of the submission form ("these proposals may already say it") and
the search of proposals by meaning: one in-memory index per consultation, kept up to date with
the stored vectors. Reads only."""
from __future__ import annotations

import fcntl
import hashlib
import logging
import shutil
import tempfile
import threading
from pathlib import Path

import numpy as np
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


# Proposals added since the shared file was written are kept in memory by each process, until
# there are this many (or a tenth of the file): then the file is written anew.
DELTA_MAX = 1000
# Layout of the shared files, part of their version's name: files of an older layout (2 added
# the languages of the rows, codes.npy) are never mapped, and are removed with the stale ones.
FILE_LAYOUT = 2


class SharedIndex:
    """The similar index of one consultation in a process: a read-only base memory-mapped from
    a file that all the server's processes share (written once per index version), plus the few
    proposals added since, in memory. The two never share a proposal (one vector row per
    proposal; a replaced row opens a new base), so the rows of both are answered as one index."""

    def __init__(self, base=None, delta=None):
        self.base = base if base is not None else algorithms.SimilarIndex()
        self.delta = delta if delta is not None else algorithms.SimilarIndex()

    def __len__(self) -> int:
        return len(self.base) + len(self.delta)

    def query_vector(self, vector, k: int = 5, min_score: float = 0.0, exclude=(),
                     language: str | None = None) -> list:
        """As SimilarIndex.query_vector over the base and the delta together (each row scored
        with the curve of its language and the query's)."""
        hits = (self.base.query_vector(vector, k=k, min_score=min_score,
                                       exclude=exclude, language=language)
                + self.delta.query_vector(vector, k=k, min_score=min_score, exclude=exclude,
                                          language=language))
        return sorted(hits, key=lambda hit: -hit[1])[:k]   # stable: the base first on a tie

    def nearest_by_meaning(self, vector, k: int, min_cosine: float = 0.0, **options) -> list:
        """As SimilarIndex.nearest_by_meaning over the base and the delta as one index (the
        spread of the cosines and the feedback proposals taken over both)."""
        return algorithms.nearest_by_meaning([self.base, self.delta], vector, k, min_cosine, **options)


class _CachedIndex:
    def __init__(self):
        self.index = SharedIndex()
        self.count = 0     # stored vector rows seen (any version)
        self.max_id = 0    # highest ProposalVector.id seen
        self.base_count = 0
        self.lock = threading.Lock()


def _index_cache() -> dict:
    return current_app.extensions.setdefault("clustering_similar", {})


def forget_indexes() -> None:
    _index_cache().clear()


def index_folder() -> Path:
    return Path(current_app.config.get("SIMILAR_INDEX_FOLDER") or Path(current_app.instance_path) / "similar")


def _load_vectors(consultation_id: int, after_id: int = 0, upto: int | None = None):
    """(row ids, proposal ids, vectors) of the stored rows after `after_id`; rows of another
    vector version (waiting for a run to re-embed them) count as seen but are not returned."""
    rows = db.session.execute(select(ProposalVector.id, ProposalVector.proposal_id, ProposalVector.version,
                                     ProposalVector.vector, Proposal.language)
                              .join(Proposal, Proposal.id == ProposalVector.proposal_id)
                              .filter(ProposalVector.consultation_id == consultation_id,
                                      ProposalVector.id > after_id,
                                      *([] if upto is None else [ProposalVector.id <= upto]))
                              .order_by(ProposalVector.id)).all()
    current = [r for r in rows if r[2] == algorithms.VECTOR_VERSION]
    return ([r[0] for r in rows], [r[1] for r in current],
            algorithms.stack_vectors([bytes(r[3]) for r in current]), [r[4] for r in current])


def _version(consultation_id: int) -> tuple[str, int, int]:
    """(name of the stored rows' version, their count, their highest id): one aggregate query.
    The name changes whenever a row is added, replaced or removed (ids are never reused with
    the same creation times)."""
    count, max_id, total, first, last = db.session.execute(
        select(func.count(ProposalVector.id), func.coalesce(func.max(ProposalVector.id), 0),
               func.coalesce(func.sum(ProposalVector.id), 0), func.min(ProposalVector.created_at),
               func.max(ProposalVector.created_at))
        .filter(ProposalVector.consultation_id == consultation_id)).one()
    database = current_app.config["SQLALCHEMY_DATABASE_URI"]   # two databases never share a file
    digest = hashlib.sha1(f"{database}|{FILE_LAYOUT}|{algorithms.VECTOR_VERSION}|{count}|{max_id}|{total}|{first}|{last}"
                          .encode()).hexdigest()[:16]
    return f"c{consultation_id}-{digest}", count, max_id


def _load_all_vectors(consultation_id: int, upto: int):
    """(proposal ids, vectors, languages) of the current version, read in chunks straight into
    one matrix: no list of 100,000 byte strings whose memory the process would keep after building."""
    count = db.session.scalar(select(func.count(ProposalVector.id)).filter(
        ProposalVector.consultation_id == consultation_id, ProposalVector.id <= upto,
        ProposalVector.version == algorithms.VECTOR_VERSION))
    ids, languages = [], []
    matrix = np.zeros((count, algorithms.VECTOR_DIM), dtype=np.float32)
    rows = db.session.execute(
        select(ProposalVector.proposal_id, ProposalVector.vector, Proposal.language)
        .join(Proposal, Proposal.id == ProposalVector.proposal_id)
        .filter(ProposalVector.consultation_id == consultation_id, ProposalVector.id <= upto,
                ProposalVector.version == algorithms.VECTOR_VERSION)
        .order_by(ProposalVector.id).execution_options(yield_per=2000))
    for proposal_id, blob, language in rows:
        if len(ids) == count:
            break
        matrix[len(ids)] = np.frombuffer(blob, dtype="<f4")
        ids.append(proposal_id)
        languages.append(language)
    rows.close()
    return ids, matrix[:len(ids)], languages


def _shared_base(consultation_id: int, name: str, max_id: int):
    """The memory-mapped index of that version, written first if no process has written it yet
    (one process writes it while the others wait on a lock, then map it). None if the folder
    cannot be written (the caller keeps an index in memory)."""
    folder = index_folder() / name
    try:
        index_folder().mkdir(parents=True, exist_ok=True)
        with open(index_folder() / f".c{consultation_id}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not (folder / "ids.npy").exists():
                ids, vectors, languages = _load_all_vectors(consultation_id, max_id)
                scratch = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=index_folder()))
                algorithms.SimilarIndex(ids, vectors, languages=languages).save(scratch)
                del ids, vectors, languages
                scratch.rename(folder)   # others see the whole index or none
                for stale in index_folder().glob(f"c{consultation_id}-*"):   # mapped ones stay readable
                    if stale.name != name:
                        shutil.rmtree(stale, ignore_errors=True)
    except OSError:
        log.exception("could not write the shared similar index in %s", index_folder())
        return None
    return algorithms.SimilarIndex.open(folder)


def similar_index(consultation_id: int):
    """The consultation's similar index in this process, brought up to date with the stored vectors.

    Each call asks for the highest stored row id (one index seek, it never reads the vectors):
    a higher one means vectors were stored since, by this process or another one. Rows are
    only ever replaced by new rows (a run re-embedding them), never removed. New rows go to the
    in-memory delta; a replaced row, or a delta grown too large, opens (or writes) a new file."""
    entry = _index_cache().setdefault(consultation_id, _CachedIndex())
    max_id = db.session.scalar(select(func.coalesce(func.max(ProposalVector.id), 0))
                               .filter(ProposalVector.consultation_id == consultation_id))
    with entry.lock:
        if max_id == entry.max_id:
            return entry.index
        if entry.count and max_id > entry.max_id:
            count = db.session.scalar(select(func.count(ProposalVector.id))
                                      .filter(ProposalVector.consultation_id == consultation_id))
            if count - entry.base_count <= max(DELTA_MAX, entry.base_count // 10):
                row_ids, ids, vectors, languages = _load_vectors(consultation_id, entry.max_id)
                if entry.count + len(row_ids) == count:   # only additions: extend the delta
                    if ids:
                        entry.index.delta.add(ids, vectors, languages)
                    entry.count, entry.max_id = count, max(row_ids)
                    return entry.index
        name, count, max_id = _version(consultation_id)   # rows replaced, or many added: a new base
        base = _shared_base(consultation_id, name, max_id)
        if base is None:
            ids, vectors, languages = _load_all_vectors(consultation_id, max_id)
            base = algorithms.SimilarIndex(ids, vectors, languages=languages)
        entry.index = SharedIndex(base)
        entry.count, entry.max_id, entry.base_count = count, max_id, count
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
