"""Themes (public, read-only), their curation by working groups and coordinators, near-duplicates
and the similar-proposal lookup of the submission form; grouping runs are in runs.py."""
from __future__ import annotations

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user
from markupsafe import Markup

from consult.accounts.models import User
from consult.clustering import (labelling, links, lookup, overview, runs as run_services,
                                themes as theme_services)
from consult.clustering.common import ClusteringError
from consult.clustering.forms import DuplicateForm, MoveForm, RenameForm, SplitForm, ThemeChoiceForm
from consult.clustering.models import DuplicateLink, Theme
from consult.clustering.views import bp, consultation_or_none
from consult.consultations.models import Consultation
from consult.consultations.views import get_or_404
from consult.core.api import json_view
from consult.core.errors import refused
from consult.core.extensions import db, limiter
from consult.core.inputs import page_arg
from consult.core.forms import ConfirmForm as ActionForm
from consult.core.permissions import can, permission_required
from consult.proposals import support
from consult.proposals.models import Proposal
from consult.proposals.versions import kept


def is_curator(obj) -> bool:
    """Whether the current user curates `obj` (a theme, or a consultation: its themes' pages)."""
    return can(current_user, "clustering.curate", obj)


def _theme_or_404(theme_id: int, **_others) -> Theme:
    return db.session.get(Theme, theme_id) or abort(404)


def _link(link_id: int, **_others) -> tuple[Consultation, DuplicateLink] | None:
    """The near-duplicate link with its consultation, `(consultation, link)`: the permission is
    checked on the consultation. None when there is no such link."""
    link = db.session.get(DuplicateLink, link_id)
    return (db.session.get(Consultation, link.consultation_id), link) if link is not None else None


def _theme_choices(themes) -> list:
    return [(theme.id, theme_services.theme_title(theme)[:90]) for theme in themes]


# --- public pages --------------------------------------------------------------------------------

@bp.get("/consultations/<int:consultation_id>/themes")
@permission_required("clustering.read")
def themes(consultation_id: int):
    consultation = get_or_404(consultation_id)
    return render_template("clustering/themes.html", consultation=consultation,
                           overview_html=_overview_html(consultation),
                           running=run_services.active_run(consultation.id) if is_curator(consultation) else None)


def _overview_html(consultation) -> Markup:
    """The theme cards of the page asked for and the map. Drawing them reads and renders every
    theme's mixes and 1,000 points (~200 ms at 100,000 proposals), and they are the same for every
    visitor: they are kept per page and language for the data's version (core.cache). A query
    string other than ?page= and ?lang= (kept in the pager's links) is drawn afresh."""
    def draw(page: int) -> str:
        rows = overview.themes_overview(consultation.id)
        return render_template("clustering/_overview.html", consultation=consultation, overview=rows,
                               axes={axis.id: axis for axis in consultation.axes},
                               pagination=overview.themes_page(rows, page),
                               picture=overview.map_picture(consultation.id, rows),
                               counts=overview.counts_by_theme(consultation.id))
    asked_language = request.args.get("lang")
    if set(request.args) - {"page", "lang"} or asked_language not in (None, *current_app.config["LANGUAGES"]):
        return Markup(draw(page_arg()))
    # The axes' names are printed in the cards: a renamed, added or removed axis is a new version.
    axes = tuple((axis.id, sorted((axis.name or {}).items()) if isinstance(axis.name, dict) else axis.name)
                 for axis in consultation.axes)
    version = (*overview.overview_version(consultation.id), axes)
    pages = max(1, -(-version[1] // overview.THEMES_PER_PAGE))
    page = min(page_arg(), pages)
    key = f"themes:{consultation.id}:{get_locale()}:{asked_language}:{page}"
    return Markup(kept(key, version, lambda: draw(page)))


def _theme_page(theme: Theme, error: str | None = None, **forms) -> str:
    pagination = theme_services.members_page(theme, page_arg())
    members = pagination.items
    curator = is_curator(theme)
    if curator:
        # The move and split forms offer the proposals of the page shown (their POST accepts any member).
        others = _theme_choices(theme_services.other_themes(theme))
        choices = [(p.id, f"{p.ref} — {p.title[:80]}") for p in members]
        forms.setdefault("rename_form", RenameForm(formdata=None, prefix="rename", data={
            f"name_{lang}": (theme.names or {}).get(lang, "") for lang in ("ar", "fr", "en")}))
        forms.setdefault("merge_form", ThemeChoiceForm(others, formdata=None, prefix="merge"))
        forms.setdefault("move_form", MoveForm(choices, others, formdata=None, prefix="move"))
        forms.setdefault("split_form", SplitForm(choices, formdata=None, prefix="split"))
        forms.setdefault("action_form", ActionForm(formdata=None))
    history = theme_services.history(theme)
    # Who made each change is shown to the people who curate, not on the public page.
    actors = ({user.id: user.name for user in db.session.scalars(db.select(User).filter(
        User.id.in_({entry.actor_id for entry in history if entry.actor_id})))} if curator else {})
    mixed = (theme.summary or {}).get("mixed") or {}
    groups = (mixed.get("groups") or []) if mixed.get("mixed") else []
    by_id = theme_services.members_by_id(theme, {pid for group in groups for pid in group})
    subgroups = [[by_id[pid] for pid in group if pid in by_id] for group in groups]
    return render_template("clustering/theme.html", theme=theme, members=members, pagination=pagination,
                           supports=theme_services.supports_count(theme), error=error,
                           history=history, actors=actors, consultation=theme.consultation,
                           subgroups=[group for group in subgroups if group] if len(subgroups) == 2 else [],
                           key_terms=labelling.key_terms(theme), **forms)


@bp.get("/themes/<int:theme_id>")
@permission_required("clustering.read")
def theme(theme_id: int):
    return _theme_page(_theme_or_404(theme_id))


# --- curation ------------------------------------------------------------------------------------

def _target(theme_id) -> Theme | None:
    """The theme a merge or a move puts proposals into: it changes too, so the same rule decides
    (a theme scored by a closed working group takes nothing in)."""
    target = db.session.get(Theme, theme_id)
    if target is not None and not is_curator(target):
        raise ClusteringError(_("The chosen theme was scored by a working group that has closed its scoring: "
                                "it can no longer change."), 409)
    return target


def _curate(theme: Theme, form, action, form_name: str):
    """Validate and run the service (the request commits); errors are shown on the theme page
    (as it was: nothing is saved)."""
    if form.validate_on_submit():
        try:
            result = action()
        except ClusteringError as error:
            return refused(error, _theme_page, theme, **{form_name: form})
        flash(_("Saved. The change is recorded in the theme's history."), "success")
        target = result if isinstance(result, Theme) else theme
        return redirect(url_for("clustering.theme", theme_id=target.id))
    return _theme_page(theme, _("Some fields need your attention. Nothing was changed."), **{form_name: form}), 400


@bp.post("/themes/<int:theme_id>/rename")
@permission_required("clustering.curate", load=_theme_or_404, to="theme")
def rename(theme: Theme):
    form = RenameForm(prefix="rename")
    return _curate(theme, form, lambda: theme_services.rename(theme, form.names(), current_user), "rename_form")


@bp.post("/themes/<int:theme_id>/lock")
@permission_required("clustering.curate", load=_theme_or_404, to="theme")
def lock(theme: Theme):
    return _curate(theme, ActionForm(), lambda: theme_services.set_locked(theme, True, current_user), "action_form")


@bp.post("/themes/<int:theme_id>/unlock")
@permission_required("clustering.curate", load=_theme_or_404, to="theme")
def unlock(theme: Theme):
    return _curate(theme, ActionForm(), lambda: theme_services.set_locked(theme, False, current_user), "action_form")


@bp.post("/themes/<int:theme_id>/merge")
@permission_required("clustering.curate", load=_theme_or_404, to="theme")
def merge(theme: Theme):
    form = ThemeChoiceForm(_theme_choices(theme_services.other_themes(theme)), prefix="merge")

    def action():
        target = _target(form.target.data)
        theme_services.merge(theme, target, current_user)
        return target
    return _curate(theme, form, action, "merge_form")


@bp.post("/themes/<int:theme_id>/split")
@permission_required("clustering.curate", load=_theme_or_404, to="theme")
def split(theme: Theme):
    members = theme_services.theme_members(theme)
    form = SplitForm([(p.id, p.ref) for p in members], prefix="split")
    return _curate(theme, form, lambda: theme_services.split(theme, form.proposals.data or [], form.name.data,
                                                       current_user), "split_form")


@bp.post("/themes/<int:theme_id>/move")
@permission_required("clustering.curate", load=_theme_or_404, to="theme")
def move(theme: Theme):
    members = theme_services.theme_members(theme)
    form = MoveForm([(p.id, p.ref) for p in members], _theme_choices(theme_services.other_themes(theme)),
                    prefix="move")

    def action():
        theme_services.move(db.session.get(Proposal, form.proposal.data), _target(form.target.data),
                      current_user)
    return _curate(theme, form, action, "move_form")


# --- near-duplicates -----------------------------------------------------------------------------

def _duplicates_page(consultation, form=None) -> str:
    return render_template("clustering/duplicates.html", consultation=consultation,
                           suggestions=links.duplicate_suggestions(consultation.id),
                           confirmed=links.confirmed_duplicates(consultation.id),
                           form=form or DuplicateForm(formdata=None), action_form=ActionForm(formdata=None))


@bp.get("/consultations/<int:consultation_id>/duplicates")
@permission_required("clustering.curate", load=consultation_or_none, to="consultation")
def duplicates(consultation: Consultation | None):
    return _duplicates_page(consultation or abort(404))


@bp.post("/consultations/<int:consultation_id>/duplicates")
@permission_required("clustering.curate", load=consultation_or_none, to="consultation")
def mark_duplicate(consultation: Consultation | None):
    consultation = consultation or abort(404)
    form = DuplicateForm()
    if not form.validate_on_submit():
        return _duplicates_page(consultation, form), 400
    try:
        links.mark_duplicate(consultation.id, form.original.data, form.duplicate.data, current_user)
    except ClusteringError as error:
        return refused(error, _duplicates_page, consultation, form)
    flash(_("Linked. Both proposals are kept and show the link on their pages."), "success")
    return redirect(url_for("clustering.duplicates", consultation_id=consultation.id))


@bp.post("/duplicates/<int:link_id>/<any(confirm, dismiss):decision>")
@permission_required("clustering.curate", load=_link, to="consultation_and_link")
def decide_duplicate(consultation_and_link: tuple[Consultation, DuplicateLink] | None, decision: str):
    link = (consultation_and_link or abort(404))[1]
    if not ActionForm().validate_on_submit():
        abort(400)
    if link.status == "suggested":
        links.decide_duplicate(link, decision == "confirm", current_user)
        flash(_("Linked. Both proposals are kept and show the link on their pages.") if decision == "confirm"
              else _("Dismissed: these two proposals stay unlinked."), "success")
    return redirect(url_for("clustering.duplicates", consultation_id=link.consultation_id))


# --- while a citizen writes ------------------------------------------------------------------------

@bp.get("/consultations/<int:consultation_id>/similar")
@json_view
@limiter.limit("120 per minute")
@permission_required("clustering.read")
def similar(consultation_id: int):
    """Public: visible proposals that look like the text being written, in any language."""
    consultation = get_or_404(consultation_id)
    results = lookup.similar_proposals(consultation.id, request.args.get("text", ""))
    voices = support.counts_by_ref([result["ref"] for result in results])
    for result in results:
        result["url"] = url_for("proposals.page", ref=result["ref"])
        # "Add my voice" in one click (static/js/voice.js) on those still waiting for an outcome.
        result["supports"] = voices.get(result["ref"], 0)
        if result["supports"]:
            result["supports_label"] = support.supporters_label(result["supports"])
        if result["status"] in support.OPEN_STATUSES and can(current_user, "proposals.take_voices", consultation):
            result["support_url"] = url_for("support.add", ref=result["ref"])
    return jsonify({"results": results,
                    "heading": _("These proposals may already say it — you can support them instead:")})
