"""Themes and their curation by working groups and coordinators: rename, lock, merge, split,
move one proposal; every change is recorded in the theme's history. Flushes; the caller commits."""
from __future__ import annotations

from flask_babel import gettext as _
import numpy as np
from sqlalchemy import func, select

from consult.clustering import algorithms, geometry, labelling
from consult.clustering.common import ClusteringError, mark_grouped, proposal_text
from consult.clustering.models import ProposalVector, Theme
from consult.clustering.signals import theme_ids_in_use
from consult.core import audit
from consult.core.extensions import db
from consult.core.languages import ARABIC_LETTER, LANGUAGE_NAMES, LANGUAGES
from consult.proposals.models import Proposal, Support

NAME_MAX = 200
MEMBERS_PER_PAGE = 100   # rows of the members table on one page of the theme page


def theme_title(theme: Theme, language: str | None = None) -> str:
    """The name people gave the theme in `language` (by default the page's, or English outside a
    request), else its automatic title (a proposal's title); a text in another language than the
    reader's says which, e.g. "Budgets ouverts (Français)" on an English page."""
    language = labelling._reader_language(language)
    text, written, _given = labelling.name_parts(theme, language)
    if written and written != language and written in LANGUAGE_NAMES:
        return f"{text} ({LANGUAGE_NAMES[written]})"
    return text


def theme_texts(theme: Theme) -> dict:
    """{"ar", "fr", "en"}: the theme's name for each language's readers, without tags (open data)."""
    return {lang: labelling.name_parts(theme, lang)[0] for lang in LANGUAGES}


def theme_members(theme: Theme, include_hidden: bool = False) -> list[Proposal]:
    stmt = select(Proposal).filter(Proposal.theme_id == theme.id)
    if not include_hidden:
        stmt = stmt.filter(Proposal.status != "hidden")
    return db.session.scalars(stmt.order_by(Proposal.id)).all()


def _visible_members(theme: Theme):
    return select(Proposal).filter(Proposal.theme_id == theme.id, Proposal.status != "hidden")


def members_page(theme: Theme, page: int, per_page: int | None = None):
    """One page of the theme's visible proposals, in proposal order; `.total` counts them all."""
    stmt = _visible_members(theme).order_by(Proposal.id)
    per_page = per_page or MEMBERS_PER_PAGE
    pagination = db.paginate(stmt, page=page, per_page=per_page, error_out=False)
    if page > pagination.pages > 0:   # past the last page: the last one
        pagination = db.paginate(stmt, page=pagination.pages, per_page=per_page, error_out=False)
    return pagination


def members_by_id(theme: Theme, proposal_ids) -> dict[int, Proposal]:
    """The theme's visible proposals among `proposal_ids` (its sub-topics when it is mixed)."""
    ids = list(proposal_ids)
    if not ids:
        return {}
    return {p.id: p for p in db.session.scalars(_visible_members(theme).filter(Proposal.id.in_(ids)))}


def supports_count(theme: Theme) -> int:
    """The voices given to the theme's visible proposals, all of them (not only a page's)."""
    return db.session.scalar(select(func.count(Support.id)).join(Proposal, Proposal.id == Support.proposal_id)
                             .filter(Proposal.theme_id == theme.id, Proposal.status != "hidden")) or 0


def other_themes(theme: Theme) -> list[Theme]:
    return db.session.scalars(select(Theme).filter(Theme.consultation_id == theme.consultation_id,
                                                   Theme.id != theme.id).order_by(Theme.id)).all()


def history(theme: Theme):
    """The theme's recorded changes (on SQLite a new theme may reuse the id of a replaced one:
    entries older than the theme belong to that one)."""
    return [entry for entry in audit.history("theme", theme.id) if entry.at >= theme.created_at]


def _member_vectors(proposal_ids) -> dict[int, bytes]:
    return {pid: bytes(v) for pid, v in db.session.execute(
        select(ProposalVector.proposal_id, ProposalVector.vector)
        .filter(ProposalVector.proposal_id.in_(list(proposal_ids)),
                ProposalVector.version == algorithms.VECTOR_VERSION))}


def refresh_theme(theme: Theme) -> None:
    """Recompute the centroid, join threshold, representatives, titles and mixed flag from the
    current members (the key terms stay: they contrast the theme with the others)."""
    rows = db.session.execute(
        select(Proposal.id, ProposalVector.vector, Proposal.title, Proposal.language)
        .join(ProposalVector, ProposalVector.proposal_id == Proposal.id)
        .filter(Proposal.theme_id == theme.id, Proposal.status != "hidden",
                ProposalVector.version == algorithms.VECTOR_VERSION).order_by(Proposal.id)).all()
    if not rows:
        theme.centroid, theme.join_threshold = None, None
        theme.summary = {key: value for key, value in (theme.summary or {}).items() if key == "terms"}
    else:
        ids = [r[0] for r in rows]
        space = algorithms.grouping_space(algorithms.stack_vectors([bytes(r[1]) for r in rows]))
        geometry.apply_geometry(theme, geometry.theme_geometry(space, np.arange(len(rows)), ids))
        described = labelling.describe_members(space, ids, [r[2] for r in rows], [r[3] for r in rows])
        theme.label = described["label"]
        theme.summary = {**theme.summary, **described["summary"]}
    db.session.flush()


def clean_names(names: dict | str | None, reader: str | None = None) -> dict:
    """{"ar", "fr", "en"} of the non-empty names given. A single text is taken as Arabic when
    written in Arabic letters, else in the reader's language when it is French or English, else
    French."""
    if isinstance(names, str) or names is None:
        text = (names or "").strip()
        language = "ar" if ARABIC_LETTER.search(text) else (reader if reader in ("fr", "en") else "fr")
        names = {language: text}
    return {lang: text.strip()[:NAME_MAX] for lang in LANGUAGES
            if isinstance(text := names.get(lang), str) and text.strip()}


def rename(theme: Theme, names: dict | str | None, actor) -> None:
    """Name the theme in Arabic, French and English (one is enough: readers of the others see it
    with its language); no name at all brings the automatic title back."""
    names = clean_names(names)
    old = dict(theme.names or {})
    if names == old:
        return
    theme.names = names
    db.session.flush()
    audit.record("theme", theme.id, "rename", actor, old=old, new=names)


def set_locked(theme: Theme, locked: bool, actor) -> None:
    if theme.locked == locked:
        return
    theme.locked = locked
    db.session.flush()
    audit.record("theme", theme.id, "lock" if locked else "unlock", actor)


def _move_proposals(proposals, target: Theme) -> None:
    for proposal in proposals:
        proposal.theme = target
        mark_grouped(proposal)
    db.session.flush()


def merge(source: Theme, target: Theme, actor) -> None:
    """Move every proposal of `source` into `target`, then remove the empty `source`."""
    if source.consultation_id != target.consultation_id:
        raise ClusteringError(_("These two themes belong to different consultations."), 404)
    if source.id == target.id:
        raise ClusteringError(_("Choose another theme to merge with."))
    if source.id in theme_ids_in_use(source.consultation_id):
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
    """Key terms of a few themes, contrasted with each other (after a split)."""
    members = [theme_members(theme) for theme in themes]
    vectors = _member_vectors(p.id for group in members for p in group)
    kept = [(g, p) for g, group in enumerate(members) for p in group if p.id in vectors]
    if not kept:
        return
    labels = np.array([g for g, _p in kept])
    summaries = algorithms.describe_groups(labels, algorithms.stack_vectors([vectors[p.id] for _g, p in kept]),
                                           [proposal_text(p) for _g, p in kept],
                                           languages=[p.language for _g, p in kept])
    for g, theme in enumerate(themes):
        if g < len(summaries) and summaries[g].size:
            theme.summary = {**(theme.summary or {}), "terms": geometry.terms_of(summaries[g])}
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
    new = Theme(consultation_id=theme.consultation_id, names=clean_names(name, labelling._reader_language(None)),
                label={})
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
