"""The clustering in the platform: stored vectors, grouping runs, curation of themes, duplicates,
the similar-proposal lookup and the map. Flushes; the caller commits.

The algorithms live in the pure modules of this package (no Flask, no database); this module
reads what they need from the database and stores what comes out.

- Every new proposal is embedded once, in the flush that saves it (one batch per flush: the web
  form, the facilitators' import and the demo loader all go through it), and its vector is
  stored. If the consultation already has themes, it joins the closest one when close enough.
  An embedding failure never loses the proposal: it is saved without a vector, and the next
  run embeds whatever is missing.
- A run regroups the visible proposals of a consultation from their stored vectors; locked
  themes keep their members (``regroup_with_locked``); the other themes are replaced.
"""
from __future__ import annotations


import logging
from contextlib import contextmanager
import subprocess
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

import numpy as np
from flask import current_app, has_app_context, has_request_context
from flask_babel import force_locale, gettext
from sqlalchemy import delete, event, func, insert, select, update

from consult.clustering.describe import describe_groups
from consult.clustering.duplicates import find_near_duplicates
from consult.clustering.encoder import Encoder, default_encoder
from consult.clustering.grouping import assign_to_nearest_group, group_centroids, regroup_with_locked
from consult.clustering.models import ClusteringRun, DuplicateLink, ProposalVector, Theme
from consult.clustering.similar import SimilarIndex
from consult.clustering.vectors import (VECTOR_VERSION, embed, grouping_space, stack_vectors,
                                        vector_to_bytes)
from consult.core import audit
from consult.core.config import ROOT
from consult.core.extensions import db
from consult.core.i18n import localized
from consult.core.models import utcnow
from consult.proposals.models import Proposal, ProposalEvent

log = logging.getLogger(__name__)

# Bump when the way the platform groups changes (parameters, steps), so runs can be compared.
ALGORITHM_VERSION = "platform-1"
# None: the multilingual USE encoder, loaded once per process. Tests put a fake one here.
ENCODER: Encoder | None = None

CURATORS = ("coordinator", "member")
EMBED_BATCH = 256
# A new proposal joins its closest theme only when its cosine (grouping space) to the theme's
# centroid reaches the theme's threshold: as close as its least typical tenth of members,
# never below FLOOR, never above CEILING (so that a one-proposal theme can attract a twin).
JOIN_FLOOR = 0.55
JOIN_CEILING = 0.8
DUPLICATE_THRESHOLD = 0.9
# Pairs a run lists for review, best first: more than people can read is noise.
DUPLICATE_SUGGESTIONS_MAX = 2000
SIMILAR_TEXT_MAX = 2000
SIMILAR_MIN_SCORE = 0.5
SIMILAR_RESULTS = 5
MAP_MAX_POINTS = 2500
# A run that has not moved for this long is taken as dead (e.g. the server restarted).
STALE_AFTER = timedelta(minutes=30)
K_MAX = 1000
GRANULARITY_RANGE = (0.1, 10.0)


def _(message: str, **variables) -> str:
    """gettext in the request's language; in English outside a request (CLI, background runs)."""
    if has_request_context():
        return gettext(message, **variables)
    with force_locale("en"):
        return gettext(message, **variables)


class ClusteringError(ValueError):
    """A request that cannot be carried out; the message is for the user, with an HTTP status."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def get_encoder() -> Encoder:
    return ENCODER or default_encoder()


_CODE_VERSION: list[str | None] = []


def code_version() -> str | None:
    """The short git commit of the running code, when it is a git checkout."""
    if not _CODE_VERSION:
        try:
            out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                 text=True, timeout=5)
            _CODE_VERSION.append(out.stdout.strip() or None if out.returncode == 0 else None)
        except (OSError, subprocess.SubprocessError):
            _CODE_VERSION.append(None)
    return _CODE_VERSION[0]


def proposal_text(proposal) -> str:
    """What is embedded: the same fields the submission form sends to the similar lookup."""
    return "\n".join(part for part in (proposal.title, proposal.problem, proposal.reform) if part)


def theme_title(theme: Theme, language: str | None = None) -> str:
    """The name people gave the theme, else its automatic label."""
    return theme.name or localized(theme.label, language) or f"#{theme.id}"


def _grouped_response(language: str | None) -> str:
    """The short automatic response an author reads when the proposal is grouped."""
    text = "Grouped with the proposals that say the same thing; the working groups study them together."
    if not has_app_context():
        return text
    with force_locale(language if language in ("ar", "fr", "en") else "ar"):
        return gettext("Grouped with the proposals that say the same thing; the working groups study them "
                 "together.")


# --- embedding when a proposal is saved --------------------------------------------------------------

def _consultation_id(proposal) -> int | None:
    return proposal.consultation_id or getattr(proposal.consultation, "id", None)


@contextmanager
def embedding_deferred():
    """For bulk loads: new proposals are not embedded one flush at a time; the next grouping run
    embeds them all in one batch, which is many times faster."""
    db.session.info["defer_embedding"] = True
    try:
        yield
    finally:
        db.session.info.pop("defer_embedding", None)


def _embed_new_proposals(session, flush_context, instances) -> None:
    new = [obj for obj in session.new if isinstance(obj, Proposal)]
    if not new or session.info.get("defer_embedding"):
        return
    try:
        vectors = embed([proposal_text(p) for p in new], get_encoder())
    except Exception:  # noqa: BLE001 - the proposal must be saved anyway; a run embeds it later
        log.exception("could not embed %d new proposal(s); a grouping run will embed them", len(new))
        return
    stored = []
    for proposal, vector in zip(new, vectors):
        row = ProposalVector(proposal=proposal, version=VECTOR_VERSION, vector=vector_to_bytes(vector))
        if _consultation_id(proposal):
            row.consultation_id = _consultation_id(proposal)
        else:
            row.consultation = proposal.consultation
        session.add(row)
        stored.append(row)
    try:
        _join_existing_themes(session, new, vectors, stored)
    except Exception:  # noqa: BLE001 - joining is a convenience; the next run files it
        log.exception("could not file new proposals into existing themes")


def _join_existing_themes(session, proposals, vectors, rows) -> None:
    """File each new visible proposal into its closest theme, when close enough."""
    waiting = defaultdict(list)
    for proposal, vector, row in zip(proposals, vectors, rows):
        consultation_id = _consultation_id(proposal)
        if consultation_id and proposal.status == "received" and proposal.theme_id is None \
                and proposal.theme is None:
            waiting[consultation_id].append((proposal, vector, row))
    for consultation_id, items in waiting.items():
        themes = session.scalars(select(Theme).filter(Theme.consultation_id == consultation_id,
                                                      Theme.centroid.is_not(None))
                                 .order_by(Theme.id)).all()
        if not themes:
            continue
        centroids = np.vstack([np.frombuffer(t.centroid, dtype="<f4") for t in themes])
        projection = _latest_projection(session, consultation_id)
        for proposal, vector, row in items:
            index, cosine = assign_to_nearest_group(vector, centroids)
            theme = themes[index]
            if projection is not None:
                row.x, row.y = _project(projection, vector[None, :])[0]
            if cosine < (theme.join_threshold or JOIN_FLOOR):
                continue
            proposal.theme = theme
            _mark_grouped(proposal)
            audit.record("theme", theme.id, "auto_join", None, proposal=proposal.ref,
                         cosine=round(float(cosine), 3))


def _mark_grouped(proposal) -> None:
    if proposal.status == "received":
        proposal.status = "grouped"
        proposal.events.append(ProposalEvent(status="grouped",
                                             response=_grouped_response(proposal.language)))


_LISTENING = []


def listen() -> None:
    """Embed new proposals in every flush of the app's session (registered once per process)."""
    if not _LISTENING:
        event.listen(db.session, "before_flush", _embed_new_proposals)
        _LISTENING.append(True)


listen()


# --- runs --------------------------------------------------------------------------------------------

def active_run(consultation_id: int) -> ClusteringRun | None:
    """A run of the consultation that is queued or running and still alive."""
    run = db.session.scalar(select(ClusteringRun).filter(
        ClusteringRun.consultation_id == consultation_id, ClusteringRun.status.in_(("queued", "running")))
        .order_by(ClusteringRun.id.desc()))
    if run is not None and run.updated_at < utcnow() - STALE_AFTER:
        return None
    return run


def start_run(consultation, *, k: int | None = None, granularity: float = 1.0, actor=None,
              source: str = "web") -> ClusteringRun:
    """Record a queued run with its parameters; one run at a time per consultation."""
    if k is not None and not 1 <= int(k) <= K_MAX:
        raise ClusteringError(_("The number of groups must be between 1 and %(max)d.", max=K_MAX))
    if not GRANULARITY_RANGE[0] <= float(granularity) <= GRANULARITY_RANGE[1]:
        raise ClusteringError(_("The granularity must be between %(low)s and %(high)s.",
                                low=GRANULARITY_RANGE[0], high=GRANULARITY_RANGE[1]))
    running = active_run(consultation.id)
    if running is not None:
        raise ClusteringError(_("A grouping of this consultation is already running (run %(id)d).",
                                id=running.id), 409)
    run = ClusteringRun(consultation_id=consultation.id, k=int(k) if k else None,
                        granularity=float(granularity), source=source,
                        algorithm_version=ALGORITHM_VERSION, code_version=code_version(),
                        vector_version=VECTOR_VERSION, created_by_id=getattr(actor, "id", None))
    db.session.add(run)
    db.session.flush()
    audit.record("clustering_run", run.id, "start", actor, consultation=consultation.id, k=run.k,
                 granularity=run.granularity, source=source)
    return run


def mark_failed(run: ClusteringRun, message: str) -> None:
    run.status, run.stage, run.error = "failed", "failed", message[:2000]
    run.finished_at = utcnow()
    if run.started_at:
        run.duration_seconds = (run.finished_at - run.started_at).total_seconds()
    db.session.flush()


def _stage(run: ClusteringRun, stage: str, progress: float, report) -> None:
    run.stage, run.progress = stage, round(progress, 3)
    run.updated_at = utcnow()
    db.session.flush()
    report(run)


def embed_missing(consultation_id: int, report=None) -> int:
    """Embed the proposals of a consultation that have no vector of the current version."""
    current = select(ProposalVector.proposal_id).filter(ProposalVector.version == VECTOR_VERSION)
    missing = db.session.scalars(select(Proposal).filter(Proposal.consultation_id == consultation_id,
                                                         Proposal.id.not_in(current))
                                 .order_by(Proposal.id)).all()
    encoder = get_encoder()
    for start in range(0, len(missing), EMBED_BATCH):
        batch = missing[start:start + EMBED_BATCH]
        vectors = embed([proposal_text(p) for p in batch], encoder)
        db.session.execute(delete(ProposalVector).filter(
            ProposalVector.proposal_id.in_([p.id for p in batch])))
        db.session.execute(insert(ProposalVector), [
            {"proposal_id": p.id, "consultation_id": consultation_id, "version": VECTOR_VERSION,
             "vector": vector_to_bytes(v), "created_at": utcnow()} for p, v in zip(batch, vectors)])
        db.session.flush()
        if report:
            report((start + len(batch)) / len(missing))
    return len(missing)


def scored_theme_ids(consultation_id: int) -> set[int]:
    """Themes that working groups are scoring (assigned, scored or decided): a run keeps them as
    if locked, and they are never deleted, so that no score loses its theme."""
    ids: set[int] = set()
    for name in ("working_group_themes", "score_sheets", "theme_decisions"):
        table = db.metadata.tables.get(name)
        if table is None or "theme_id" not in table.c:
            continue
        ids |= set(db.session.scalars(
            select(table.c.theme_id).join(Theme, Theme.id == table.c.theme_id)
            .filter(Theme.consultation_id == consultation_id)))
    return ids


@dataclass
class _Members:
    ids: list[int]
    refs: list[str]
    texts: list[str]
    languages: list[str]
    statuses: list[str]
    themes: list[int | None]
    vector_ids: list[int]
    vectors: np.ndarray


def _visible_members(consultation_id: int) -> _Members:
    rows = db.session.execute(
        select(Proposal.id, Proposal.ref, Proposal.title, Proposal.problem, Proposal.reform,
               Proposal.language, Proposal.status, Proposal.theme_id, ProposalVector.id,
               ProposalVector.vector)
        .join(ProposalVector, ProposalVector.proposal_id == Proposal.id)
        .filter(Proposal.consultation_id == consultation_id, Proposal.status != "hidden",
                ProposalVector.version == VECTOR_VERSION)
        .order_by(Proposal.id)).all()
    return _Members(ids=[r[0] for r in rows], refs=[r[1] for r in rows],
                    texts=["\n".join(p for p in (r[2], r[3], r[4]) if p) for r in rows],
                    languages=[r[5] for r in rows], statuses=[r[6] for r in rows],
                    themes=[r[7] for r in rows], vector_ids=[r[8] for r in rows],
                    vectors=stack_vectors([bytes(r[9]) for r in rows]))


def _join_threshold(cosines: np.ndarray) -> float:
    typical = float(np.percentile(cosines, 10)) if cosines.size else JOIN_FLOOR
    return float(min(max(typical, JOIN_FLOOR), JOIN_CEILING))


def _theme_geometry(space: np.ndarray, member_rows: np.ndarray, ids: list[int]) -> dict:
    """Centroid, join threshold and representatives of a group of rows of the grouping space."""
    rows = space[member_rows]
    centroid = group_centroids(rows, np.zeros(len(member_rows), dtype=np.int64))[0]
    closeness = rows @ centroid
    order = np.lexsort((member_rows, -closeness))
    return {"centroid": centroid.astype("<f4").tobytes(), "join_threshold": _join_threshold(closeness),
            "representatives": [ids[member_rows[i]] for i in order[:3]]}


def _project(projection: dict, vectors: np.ndarray) -> np.ndarray:
    space = grouping_space(vectors)
    return (space - np.asarray(projection["mean"], dtype=np.float32)) @ \
        np.asarray(projection["components"], dtype=np.float32).T


def _latest_projection(session, consultation_id: int) -> dict | None:
    return session.scalar(select(ClusteringRun.projection).filter(
        ClusteringRun.consultation_id == consultation_id, ClusteringRun.status == "done",
        ClusteringRun.projection.is_not(None)).order_by(ClusteringRun.id.desc()).limit(1))


def _map_projection(space: np.ndarray) -> tuple[dict | None, np.ndarray]:
    """2-D coordinates of the rows (PCA), and the projection kept to place new proposals."""
    if space.shape[0] < 3:
        return None, np.zeros((space.shape[0], 2), dtype=np.float32)
    from sklearn.decomposition import PCA

    pca = PCA(n_components=2, random_state=0).fit(space)
    projection = {"mean": np.round(pca.mean_, 6).tolist(),
                  "components": np.round(pca.components_, 6).tolist()}
    return projection, pca.transform(space)


def _labels_of(summary) -> dict:
    return {lang: " ".join(words) for lang, words in summary.terms.items() if words}


def execute_run(run: ClusteringRun, report=lambda run: None) -> ClusteringRun:
    """Group the consultation now. ``report(run)`` is called after each stage (the caller may
    commit there so that the run page shows the progress). Flushes only."""
    started = time.monotonic()
    run.status, run.started_at = "running", utcnow()
    consultation_id = run.consultation_id
    _stage(run, "embedding", 0.02, report)
    run.n_embedded = embed_missing(consultation_id, lambda done: _stage(run, "embedding", 0.02 + 0.3 * done,
                                                                          report))

    _stage(run, "grouping", 0.35, report)
    members = _visible_members(consultation_id)
    n = len(members.ids)
    index_of = {pid: i for i, pid in enumerate(members.ids)}
    protected = {t.id: t for t in db.session.scalars(select(Theme).filter(
        Theme.consultation_id == consultation_id)) if t.locked}
    for theme_id in scored_theme_ids(consultation_id):
        protected.setdefault(theme_id, db.session.get(Theme, theme_id))
    locked = defaultdict(list)
    for i, theme_id in enumerate(members.themes):
        if theme_id in protected:
            locked[theme_id].append(i)
    locked = dict(sorted(locked.items()))
    grouping = regroup_with_locked(members.vectors, locked, k=run.k, granularity=run.granularity) if n else None
    labels = grouping.labels if grouping is not None else np.zeros(0, dtype=np.int64)

    _stage(run, "describing", 0.6, report)
    summaries = describe_groups(labels, members.vectors, members.texts, languages=members.languages) if n else []
    space = grouping_space(members.vectors) if n else np.zeros((0, 1), dtype=np.float32)
    projection, coordinates = _map_projection(space)

    _stage(run, "duplicates", 0.75, report)
    pairs = find_near_duplicates(members.vectors, DUPLICATE_THRESHOLD) if n >= 2 else []

    _stage(run, "saving", 0.85, report)
    actor = run.created_by
    # 1. The unprotected themes are replaced; their proposals (hidden ones too) leave them.
    old_ids = list(db.session.scalars(select(Theme.id).filter(Theme.consultation_id == consultation_id,
                                                              Theme.id.not_in(list(protected) or [0]))))
    if old_ids:
        db.session.execute(update(Proposal).filter(Proposal.theme_id.in_(old_ids)).values(theme_id=None)
                           .execution_options(synchronize_session="fetch"))
        db.session.execute(delete(Theme).filter(Theme.id.in_(old_ids))
                           .execution_options(synchronize_session="fetch"))
    # 2. One theme per group: the locked ones keep their row, label and name.
    locked_keys = grouping.locked_keys if grouping is not None else []
    theme_of_group: list[Theme] = []
    for g, summary in enumerate(summaries):
        rows = np.flatnonzero(labels == g)
        geometry = _theme_geometry(space, rows, members.ids)
        if g < len(locked_keys):
            theme = protected[locked_keys[g]]
        else:
            theme = Theme(consultation_id=consultation_id, label=_labels_of(summary), run_id=run.id)
            db.session.add(theme)
        theme.centroid, theme.join_threshold = geometry["centroid"], geometry["join_threshold"]
        theme.summary = {"representatives": geometry["representatives"]}
        theme_of_group.append(theme)
    db.session.flush()
    for g, theme in enumerate(theme_of_group):
        if g >= len(locked_keys):
            audit.record("theme", theme.id, "create", actor, run=run.id, size=summaries[g].size)
    # 3. Proposals take their theme; the ones just received become "grouped", with a response.
    replaced = set(old_ids)
    changes = [{"id": members.ids[i], "theme_id": theme_of_group[labels[i]].id} for i in range(n)
               if members.themes[i] != theme_of_group[labels[i]].id or members.themes[i] in replaced]
    if changes:
        db.session.execute(update(Proposal), changes)
    received = [i for i in range(n) if members.statuses[i] == "received"]
    if received:
        db.session.execute(update(Proposal), [{"id": members.ids[i], "status": "grouped"} for i in received])
        now = utcnow()
        db.session.execute(insert(ProposalEvent), [
            {"proposal_id": members.ids[i], "status": "grouped", "created_at": now,
             "response": _grouped_response(members.languages[i])} for i in received])
    # 4. Places on the map.
    if n:
        db.session.execute(update(ProposalVector), [
            {"id": members.vector_ids[i], "x": float(coordinates[i, 0]), "y": float(coordinates[i, 1])}
            for i in range(n)])
    # 5. Near-duplicate pairs to review (pairs people already decided on stay decided).
    db.session.execute(delete(DuplicateLink).filter(DuplicateLink.consultation_id == consultation_id,
                                                    DuplicateLink.status == "suggested"))
    decided = {tuple(sorted(pair)) for pair in db.session.execute(
        select(DuplicateLink.original_id, DuplicateLink.duplicate_id)
        .filter(DuplicateLink.consultation_id == consultation_id)).all()}
    suggestions = [{"consultation_id": consultation_id, "original_id": members.ids[p.first],
                    "duplicate_id": members.ids[p.second], "score": round(p.score, 4), "status": "suggested",
                    "run_id": run.id, "created_at": utcnow()}
                   for p in pairs if (members.ids[p.first], members.ids[p.second]) not in decided
                   ][:DUPLICATE_SUGGESTIONS_MAX]
    if suggestions:
        db.session.execute(insert(DuplicateLink), suggestions)

    run.projection = projection
    run.n_proposals, run.n_themes, run.n_locked = n, len(theme_of_group), len(locked_keys)
    run.n_grouped, run.n_duplicates = len(received), len(suggestions)
    run.status, run.stage, run.progress = "done", "done", 1.0
    run.finished_at = utcnow()
    run.duration_seconds = round(time.monotonic() - started, 3)
    db.session.flush()
    audit.record("clustering_run", run.id, "done", actor, proposals=n, themes=run.n_themes,
                 locked=run.n_locked, embedded=run.n_embedded, duplicates=run.n_duplicates,
                 seconds=run.duration_seconds)
    db.session.flush()
    db.session.expire_all()
    report(run)
    return run


def runs_of(consultation_id: int, limit: int = 20) -> list[ClusteringRun]:
    return db.session.scalars(select(ClusteringRun).filter_by(consultation_id=consultation_id)
                              .order_by(ClusteringRun.id.desc()).limit(limit)).all()


# --- reading themes ----------------------------------------------------------------------------------

@dataclass
class ThemeOverview:
    theme: Theme
    size: int = 0
    languages: dict = field(default_factory=dict)
    axes: dict = field(default_factory=dict)         # axis id -> count
    regions: dict = field(default_factory=dict)      # governorate code -> count
    representatives: list = field(default_factory=list)
    colour: str = ""


# Okabe-Ito and Tableau colours: distinguishable, also for colour-blind readers.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#4E79A7", "#B07AA1", "#59A14F", "#9C755F")
OTHER_COLOUR = "#8C8C8C"
UNGROUPED_COLOUR = "#CFD4DA"


def _mixes(consultation_id: int, column) -> dict[int, dict]:
    result: dict[int, dict] = defaultdict(dict)
    for theme_id, value, count in db.session.execute(
            select(Proposal.theme_id, column, func.count(Proposal.id))
            .filter(Proposal.consultation_id == consultation_id, Proposal.status != "hidden",
                    Proposal.theme_id.is_not(None))
            .group_by(Proposal.theme_id, column)):
        result[theme_id][value] = count
    return {key: dict(sorted(mix.items(), key=lambda item: -item[1])) for key, mix in result.items()}


def themes_overview(consultation_id: int) -> list[ThemeOverview]:
    """The consultation's themes, largest first, with their mixes and representatives."""
    themes = db.session.scalars(select(Theme).filter_by(consultation_id=consultation_id)).all()
    languages = _mixes(consultation_id, Proposal.language)
    axes = _mixes(consultation_id, Proposal.axis_id)
    regions = _mixes(consultation_id, Proposal.governorate)
    wanted = {pid for theme in themes for pid in (theme.summary or {}).get("representatives", [])}
    proposals = {p.id: p for p in db.session.scalars(select(Proposal).filter(
        Proposal.id.in_(wanted or [0]), Proposal.status != "hidden"))}
    rows = []
    for theme in themes:
        row = ThemeOverview(theme=theme, languages=languages.get(theme.id, {}), axes=axes.get(theme.id, {}),
                            regions=regions.get(theme.id, {}))
        row.size = sum(row.languages.values())
        row.representatives = [proposals[pid] for pid in (theme.summary or {}).get("representatives", [])
                               if pid in proposals and proposals[pid].theme_id == theme.id]
        rows.append(row)
    rows.sort(key=lambda r: (-r.size, r.theme.id))
    for position, row in enumerate(rows):
        row.colour = PALETTE[position] if position < len(PALETTE) else OTHER_COLOUR
    return rows


def theme_members(theme: Theme, include_hidden: bool = False) -> list[Proposal]:
    stmt = select(Proposal).filter(Proposal.theme_id == theme.id)
    if not include_hidden:
        stmt = stmt.filter(Proposal.status != "hidden")
    return db.session.scalars(stmt.order_by(Proposal.id)).all()


def other_themes(theme: Theme) -> list[Theme]:
    return db.session.scalars(select(Theme).filter(Theme.consultation_id == theme.consultation_id,
                                                   Theme.id != theme.id).order_by(Theme.id)).all()


@dataclass
class MapPicture:
    width: int
    height: int
    points: list  # (x, y, colour, ref, title)
    legend: list  # (colour, text, theme or None)
    total: int = 0


def map_picture(consultation_id: int, overview: list[ThemeOverview], width: int = 640,
                height: int = 440, margin: int = 14) -> MapPicture | None:
    """The proposals on their 2-D places, coloured by theme (at most MAP_MAX_POINTS of them)."""
    rows = db.session.execute(
        select(ProposalVector.x, ProposalVector.y, Proposal.ref, Proposal.title, Proposal.theme_id)
        .join(Proposal, Proposal.id == ProposalVector.proposal_id)
        .filter(ProposalVector.consultation_id == consultation_id, ProposalVector.x.is_not(None),
                Proposal.status != "hidden").order_by(Proposal.id)).all()
    if not rows:
        return None
    total = len(rows)
    if total > MAP_MAX_POINTS:
        rows = [rows[int(i * total / MAP_MAX_POINTS)] for i in range(MAP_MAX_POINTS)]
    xs = np.array([r[0] for r in rows])
    ys = np.array([r[1] for r in rows])
    spread_x = max(float(xs.max() - xs.min()), 1e-9)
    spread_y = max(float(ys.max() - ys.min()), 1e-9)
    colours = {row.theme.id: row.colour for row in overview}
    points = [(round(margin + (x - xs.min()) / spread_x * (width - 2 * margin), 1),
               round(margin + (ys.max() - y) / spread_y * (height - 2 * margin), 1),
               colours.get(theme_id, UNGROUPED_COLOUR), ref, title)
              for x, y, ref, title, theme_id in rows]
    legend = [(row.colour, theme_title(row.theme), row.theme) for row in overview[:len(PALETTE)]]
    if len(overview) > len(PALETTE):
        legend.append((OTHER_COLOUR, _("Other themes"), None))
    if any(r[4] is None for r in rows):
        legend.append((UNGROUPED_COLOUR, _("Not grouped yet"), None))
    return MapPicture(width=width, height=height, points=points, legend=legend, total=total)


# --- curation by working groups and coordinators ----------------------------------------------------

def _require_same_consultation(theme: Theme, other: Theme) -> None:
    if theme.consultation_id != other.consultation_id:
        raise ClusteringError(_("These two themes belong to different consultations."), 404)


def refresh_theme(theme: Theme) -> None:
    """Recompute the centroid, join threshold and representatives from the current members."""
    rows = db.session.execute(
        select(Proposal.id, ProposalVector.vector).join(ProposalVector, ProposalVector.proposal_id == Proposal.id)
        .filter(Proposal.theme_id == theme.id, Proposal.status != "hidden",
                ProposalVector.version == VECTOR_VERSION).order_by(Proposal.id)).all()
    if not rows:
        theme.centroid, theme.join_threshold, theme.summary = None, None, {}
    else:
        space = grouping_space(stack_vectors([bytes(r[1]) for r in rows]))
        geometry = _theme_geometry(space, np.arange(len(rows)), [r[0] for r in rows])
        theme.centroid, theme.join_threshold = geometry["centroid"], geometry["join_threshold"]
        theme.summary = {"representatives": geometry["representatives"]}
    db.session.flush()


def rename(theme: Theme, name: str, actor) -> None:
    """Give the theme a name (an empty name brings the automatic label back)."""
    name = (name or "").strip()[:200] or None
    old = theme.name
    if name == old:
        return
    theme.name = name
    db.session.flush()
    audit.record("theme", theme.id, "rename", actor, old=old, new=name)


def set_locked(theme: Theme, locked: bool, actor) -> None:
    if theme.locked == locked:
        return
    theme.locked = locked
    db.session.flush()
    audit.record("theme", theme.id, "lock" if locked else "unlock", actor)


def _move_proposals(proposals, target: Theme) -> None:
    for proposal in proposals:
        proposal.theme = target
        _mark_grouped(proposal)
    db.session.flush()


def merge(source: Theme, target: Theme, actor) -> None:
    """Move every proposal of `source` into `target`, then remove the empty `source`."""
    _require_same_consultation(source, target)
    if source.id == target.id:
        raise ClusteringError(_("Choose another theme to merge with."))
    if source.id in scored_theme_ids(source.consultation_id):
        raise ClusteringError(_("This theme is being scored by a working group: merge the other theme "
                                "into it instead."), 409)
    moved = theme_members(source, include_hidden=True)
    refs = [p.ref for p in moved]
    title = theme_title(source)
    _move_proposals(moved, target)
    audit.record("theme", source.id, "merged_into", actor, into=target.id, title=title, proposals=refs)
    audit.record("theme", target.id, "merge", actor, source=source.id, title=title, proposals=refs)
    db.session.expire(source, ["proposals"])  # empty now: deleting it must not touch the moved ones
    db.session.delete(source)
    db.session.flush()
    refresh_theme(target)


def _relabel(themes: list[Theme]) -> None:
    """Automatic labels of a few themes, contrasted with each other (after a split)."""
    members = [theme_members(theme) for theme in themes]
    proposals = [p for group in members for p in group]
    if not proposals:
        return
    vectors = {pid: bytes(v) for pid, v in db.session.execute(
        select(ProposalVector.proposal_id, ProposalVector.vector)
        .filter(ProposalVector.proposal_id.in_([p.id for p in proposals]),
                ProposalVector.version == VECTOR_VERSION))}
    kept = [(g, p) for g, group in enumerate(members) for p in group if p.id in vectors]
    if not kept:
        return
    labels = np.array([g for g, _p in kept])
    summaries = describe_groups(labels, stack_vectors([vectors[p.id] for _g, p in kept]),
                                [proposal_text(p) for _g, p in kept], languages=[p.language for _g, p in kept])
    for g, theme in enumerate(themes):
        if g < len(summaries) and summaries[g].size and _labels_of(summaries[g]):
            theme.label = _labels_of(summaries[g])
    db.session.flush()


def split(theme: Theme, proposal_ids: list[int], name: str | None, actor) -> Theme:
    """Take the chosen proposals out of `theme` into a new theme."""
    members = {p.id: p for p in theme_members(theme, include_hidden=True)}
    chosen = [members[pid] for pid in dict.fromkeys(proposal_ids) if pid in members]
    if not chosen:
        raise ClusteringError(_("Choose the proposals that form the new theme."))
    if len(chosen) == len(members):
        raise ClusteringError(_("Leave at least one proposal in this theme; to rename it, use the "
                                "name field."))
    new = Theme(consultation_id=theme.consultation_id, name=(name or "").strip()[:200] or None, label={})
    db.session.add(new)
    db.session.flush()
    refs = [p.ref for p in chosen]
    _move_proposals(chosen, new)
    audit.record("theme", theme.id, "split", actor, new_theme=new.id, proposals=refs)
    audit.record("theme", new.id, "split_from", actor, source=theme.id, proposals=refs)
    _relabel([theme, new])
    refresh_theme(theme)
    refresh_theme(new)
    return new


def move(proposal: Proposal, target: Theme, actor) -> None:
    """Move one proposal to another theme of its consultation."""
    if proposal.consultation_id != target.consultation_id:
        raise ClusteringError(_("This proposal belongs to another consultation."), 404)
    if proposal.theme_id == target.id:
        raise ClusteringError(_("This proposal is already in that theme."))
    source = proposal.theme
    _move_proposals([proposal], target)
    if source is not None:
        audit.record("theme", source.id, "move_out", actor, proposal=proposal.ref, to=target.id)
        refresh_theme(source)
    audit.record("theme", target.id, "move_in", actor, proposal=proposal.ref,
                 source=source.id if source else None)
    refresh_theme(target)


def history(theme: Theme):
    """The theme's recorded changes (on SQLite a new theme may reuse the id of a replaced one:
    entries older than the theme belong to that one)."""
    return [entry for entry in audit.history("theme", theme.id) if entry.at >= theme.created_at]


# --- duplicates --------------------------------------------------------------------------------------

def duplicate_suggestions(consultation_id: int, limit: int = 200) -> list[DuplicateLink]:
    """Pairs flagged by the last run, most alike first, for people to confirm or dismiss."""
    links = db.session.scalars(select(DuplicateLink).filter_by(consultation_id=consultation_id,
                                                               status="suggested")
                               .order_by(DuplicateLink.score.desc(), DuplicateLink.id).limit(limit)).all()
    return [link for link in links if not link.original.is_hidden and not link.duplicate.is_hidden]


def confirmed_duplicates(consultation_id: int) -> list[DuplicateLink]:
    return db.session.scalars(select(DuplicateLink).filter_by(consultation_id=consultation_id,
                                                              status="confirmed")
                              .order_by(DuplicateLink.decided_at.desc(), DuplicateLink.id.desc())).all()


def decide_duplicate(link: DuplicateLink, confirmed: bool, actor) -> None:
    """Confirm (link the later proposal to its original) or dismiss a suggested pair."""
    link.status = "confirmed" if confirmed else "dismissed"
    link.decided_by_id, link.decided_at = getattr(actor, "id", None), utcnow()
    db.session.flush()
    action = "duplicate_confirmed" if confirmed else "duplicate_dismissed"
    audit.record("proposal", link.duplicate_id, action, actor, original=link.original.ref,
                 duplicate=link.duplicate.ref)
    audit.record("proposal", link.original_id, action, actor, original=link.original.ref,
                 duplicate=link.duplicate.ref)


def mark_duplicate(consultation_id: int, original_ref: str, duplicate_ref: str, actor) -> DuplicateLink:
    """People link two proposals by their references: the later one repeats the original."""
    from consult.proposals.services import get_by_ref
    original, duplicate = get_by_ref(original_ref), get_by_ref(duplicate_ref)
    for ref, proposal in ((original_ref, original), (duplicate_ref, duplicate)):
        if proposal is None or proposal.consultation_id != consultation_id:
            raise ClusteringError(_("No proposal of this consultation has the reference %(ref)s.",
                                    ref=(ref or "").strip()[:12]))
    if original.id == duplicate.id:
        raise ClusteringError(_("A proposal cannot repeat itself."))
    link = db.session.scalar(select(DuplicateLink).filter(
        ((DuplicateLink.original_id == original.id) & (DuplicateLink.duplicate_id == duplicate.id))
        | ((DuplicateLink.original_id == duplicate.id) & (DuplicateLink.duplicate_id == original.id))))
    if link is None:
        link = DuplicateLink(consultation_id=consultation_id, original_id=original.id,
                             duplicate_id=duplicate.id, status="suggested")
        db.session.add(link)
        db.session.flush()
    elif link.status == "confirmed":
        raise ClusteringError(_("These two proposals are already linked."))
    link.original_id, link.duplicate_id = original.id, duplicate.id
    db.session.flush()
    db.session.refresh(link)
    decide_duplicate(link, True, actor)
    return link


@dataclass
class ProposalClustering:
    theme: Theme | None
    originals: list  # proposals this one repeats
    repeated_by: list  # proposals that repeat this one


def proposal_clustering(proposal: Proposal) -> ProposalClustering:
    """What the proposal's page shows: its theme and its confirmed duplicates (visible ones)."""
    links = db.session.scalars(select(DuplicateLink).filter(
        DuplicateLink.status == "confirmed",
        (DuplicateLink.original_id == proposal.id) | (DuplicateLink.duplicate_id == proposal.id))
        .order_by(DuplicateLink.id)).all()
    return ProposalClustering(
        theme=proposal.theme,
        originals=[link.original for link in links
                   if link.duplicate_id == proposal.id and not link.original.is_hidden],
        repeated_by=[link.duplicate for link in links
                     if link.original_id == proposal.id and not link.duplicate.is_hidden])


# --- similar proposals while a citizen writes --------------------------------------------------------

class _CachedIndex:
    def __init__(self):
        self.index = SimilarIndex()
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
                                     ProposalVector.vector)
                              .filter(ProposalVector.consultation_id == consultation_id,
                                      ProposalVector.id > after_id)
                              .order_by(ProposalVector.id)).all()
    current = [r for r in rows if r[2] == VECTOR_VERSION]
    return [r[0] for r in rows], [r[1] for r in current], stack_vectors([bytes(r[3]) for r in current])


def similar_index(consultation_id: int) -> SimilarIndex:
    """The consultation's in-memory index, brought up to date with the stored vectors.

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
            row_ids, ids, vectors = _load_vectors(consultation_id, entry.max_id)
            if entry.count + len(row_ids) == count:   # only additions: extend the index
                if ids:
                    entry.index.add(ids, vectors)
                entry.count, entry.max_id = count, max(row_ids)
                return entry.index
        row_ids, ids, vectors = _load_vectors(consultation_id)   # rows replaced: rebuild
        entry.index = SimilarIndex(ids, vectors)
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
    vector = embed([text], get_encoder())[0]
    hits = index.query_vector(vector, k=3 * k, min_score=SIMILAR_MIN_SCORE)
    if not hits:
        return []
    visible = {row[0]: row for row in db.session.execute(
        select(Proposal.id, Proposal.ref, Proposal.title, Proposal.status)
        .filter(Proposal.id.in_([pid for pid, _s in hits]), Proposal.status != "hidden",
                Proposal.consultation_id == consultation_id))}
    return [{"ref": visible[pid][1], "title": visible[pid][2], "score": round(score, 3),
             "status": visible[pid][3]} for pid, score in hits if pid in visible][:k]


def counts_by_theme(consultation_id: int) -> Counter:
    return Counter(dict(db.session.execute(
        select(Proposal.theme_id, func.count(Proposal.id))
        .filter(Proposal.consultation_id == consultation_id, Proposal.status != "hidden")
        .group_by(Proposal.theme_id)).all()))
