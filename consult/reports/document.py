"""The self-assessment report laid out in one language, in the structure of seeds 002 and 004:
introduction; context; the co-creation process; the commitments; the committee; conclusion and
next steps.

`build(consultation, language)` is pure-callable (an app context, no request, reads only), so that
a command, a view or a background job produce the same document. Figures come from `figures.py`,
the narrative from what the coordinator wrote; a section missing in the chosen language is shown
in the closest one, saying so.
"""
from __future__ import annotations

from datetime import date

from flask_babel import format_decimal
from flask_babel import gettext as _

from consult.core.languages import LANGUAGES, in_language, localized, pick
from consult.reports import figures, plan_sections, services
from consult.reports.blocks import (Bullets, Document, Heading, Paragraph, Section, Table, Text, day,
                                    language_of, num)
from consult.reports.sources import (affiliation_labels, channel_labels, kind_labels, language_labels,
                                     participant_labels, phase_labels, scope_labels, status_labels)


class Layout:
    """Helpers bound to the document's language."""

    def __init__(self, language: str):
        self.language = language

    def t(self, text: str, language: str | None = None) -> Text:
        return Text(str(text), language or self.language)

    def data(self, text: str) -> Text:
        """Text people typed (a body, a place): its own script decides its direction."""
        return Text(text or "—", language_of(text or "", self.language))

    def stored(self, value: dict | None) -> Text:
        """A text stored in three languages, in the document's or the closest."""
        text, found = pick(value, self.language)
        return Text(text or "—", found or self.language)

    def note(self, text: str) -> Paragraph:
        return Paragraph(self.t(text), note=True)

    def paragraphs(self, text: str, language: str) -> list[Paragraph]:
        return [Paragraph(Text(part.strip(), language)) for part in text.replace("\r", "").split("\n\n")
                if part.strip()]

    def written(self, value: dict | None, missing: str) -> list:
        """A narrative text: in the document's language, else the closest one with a visible note,
        else the note `missing`."""
        text, found = pick(value, self.language)
        if found is None:
            return [self.note(missing)]
        blocks = []
        if found != self.language:
            names = language_labels()
            blocks.append(self.note(_("Not written in %(language)s yet: shown in %(other)s.",
                                      language=names[self.language], other=names[found])))
        return blocks + self.paragraphs(text, found)


def narrative_sections(report) -> dict:
    return dict(report.sections or {}) if report is not None else {}


def _context(layout: Layout, consultation, narrative: dict, implementation) -> Section:
    section = Section("context", _("Context"))
    section.blocks += layout.written(narrative.get("context"), _("The context is not written yet."))
    facts = [_("Scope: %(scope)s", scope=scope_labels().get(consultation.scope, consultation.scope))]
    if consultation.municipality:
        facts.append(_("Municipality: %(name)s", name=consultation.municipality))
    if consultation.axes:
        facts.append(_("Thematic axes: %(axes)s", axes=("، " if layout.language == "ar" else ", ").join(
            localized(axis.name, layout.language) for axis in consultation.axes)))
    plan = implementation.plan
    if plan is not None and implementation.commitments:
        starts = [row.commitment.starts_on for row in implementation.commitments if row.commitment.starts_on]
        ends = [row.commitment.ends_on for row in implementation.commitments if row.commitment.ends_on]
        facts.append(_("Commitments: %(count)s", count=num(len(implementation.commitments))))
        if starts and ends:
            facts.append(_("Implementation: from %(start)s to %(end)s", start=day(min(starts)), end=day(max(ends))))
    section.blocks.append(Bullets([layout.t(fact) for fact in facts]))
    return section


def _process(layout: Layout, consultation, narrative: dict) -> Section:
    data = figures.cocreation(consultation)
    section = Section("cocreation", _("The co-creation process"))
    section.blocks += layout.written(narrative.get("cocreation"), _("No account of the process is written yet; "
                                                                   "the figures below are computed from the platform."))

    def h(text: str) -> Heading:
        return Heading(layout.t(text))

    section.blocks.append(h(_("Calendar of the consultation")))
    labels = phase_labels()
    section.blocks.append(Table([_("Phase"), _("From"), _("To")], [
        [layout.t(labels.get(p.kind, p.kind)), layout.t(day(p.starts_on)), layout.t(day(p.ends_on))]
        for p in data.phases]) if data.phases else layout.note(_("No calendar was set.")))

    section.blocks.append(h(_("Proposals received")))
    if data.proposals:
        text = _("%(count)s proposals were received on the platform.", count=num(data.proposals))
        if data.hidden:
            text += " " + _("%(count)s of them were hidden by the moderators, each with its reason.",
                            count=num(data.hidden))
        section.blocks.append(Paragraph(layout.t(text)))
        channels, languages = channel_labels(), language_labels()
        section.blocks.append(Table([_("Channel"), _("Proposals")], [
            [layout.t(channels.get(code, code)), layout.t(num(n))] for code, n in data.by_channel.items() if n]
            + [[layout.t(_("Total")), layout.t(num(data.proposals))]], numeric=(1,), total=True))
        section.blocks.append(Table([_("Language"), _("Proposals")], [
            [layout.t(languages.get(code, code)), layout.t(num(n))] for code, n in data.by_language.items() if n]
            + [[layout.t(_("Total")), layout.t(num(data.proposals))]], numeric=(1,), total=True))
    else:
        section.blocks.append(layout.note(_("No proposal was received on the platform for this consultation.")))

    section.blocks.append(h(_("Workshops")))
    if data.workshops:
        kinds, types = kind_labels(), participant_labels()
        rows = []
        for row in data.workshops:
            w = row.workshop
            where = " · ".join(part for part in (str(kinds.get(w.kind, w.kind)), localized(w.venue, layout.language))
                               if part)
            towns = ("، " if layout.language == "ar" else ", ").join(
                localized(m, layout.language) for m in (w.municipalities or []))
            rows.append([layout.data(where), layout.t(day(w.held_on)), layout.data(towns)]
                        + [layout.t(num(row.participants[t])) for t in types] + [layout.t(num(row.proposals))])
        rows.append([layout.t(_("Total")), layout.t(""), layout.t("")]
                    + [layout.t(num(data.participants[t])) for t in types]
                    + [layout.t(num(sum(r.proposals for r in data.workshops)))])
        section.blocks.append(Table([_("Workshop"), _("Date"), _("Municipalities")]
                                    + [str(types[t]) for t in types] + [_("Proposals")], rows,
                                    numeric=(3, 4, 5, 6), total=True))
    else:
        section.blocks.append(layout.note(_("No workshop is recorded.")))

    section.blocks.append(h(_("Working groups and their criteria")))
    if data.groups:
        sides = affiliation_labels()
        section.blocks.append(Table([_("Working group")] + [str(sides[s]) for s in sides] + [_("Themes")], [
            [layout.data(g.name)] + [layout.t(num(g.members.get(s, 0))) for s in sides] + [layout.t(num(g.themes))]
            for g in data.groups], numeric=(1, 2, 3, 4)))
    else:
        section.blocks.append(layout.note(_("No working group is recorded.")))
    if data.groups or data.rubric_saved:
        section.blocks.append(Paragraph(layout.t(_("The themes were scored against these criteria:"))))
        section.blocks.append(Bullets([layout.t(
            _("%(name)s (weight %(weight)s): %(description)s", name=localized(c.name, layout.language),
              weight=format_decimal(c.weight), description=localized(c.description, layout.language) or "—"))
            for c in data.criteria]))

    section.blocks.append(h(_("Themes scored and shortlisted")))
    section.blocks.append(Bullets([layout.t(text) for text in (
        _("Themes formed from the proposals: %(count)s", count=num(data.themes)),
        _("Themes scored by a working group: %(count)s", count=num(data.themes_scored)),
        _("Themes retained on the shortlist: %(count)s", count=num(data.themes_retained)),
        _("Themes not retained, with a public reason: %(count)s", count=num(data.themes_not_retained)))]))

    section.blocks.append(h(_("Reasoned responses")))
    if data.proposals:
        section.blocks.append(Paragraph(layout.t(_(
            "%(responded)s of the %(total)s proposals received a reasoned response that their authors can read.",
            responded=num(data.responded), total=num(data.proposals)))))
        statuses = status_labels()
        if data.responses_by_status:
            section.blocks.append(Table([_("Outcome"), _("Proposals")], [
                [layout.t(statuses.get(code, code)), layout.t(num(n))]
                for code, n in sorted(data.responses_by_status.items())], numeric=(1,)))
    if data.comments:
        section.blocks.append(Paragraph(layout.t(_(
            "The draft plan received %(count)s comments; %(answered)s of them were answered with a reason.",
            count=num(data.comments), answered=num(data.comments_answered)))))
    if not data.proposals and not data.comments:
        section.blocks.append(layout.note(_("No response is recorded: no proposal or comment was received.")))
    return section


def build(consultation, language: str = "ar", today: date | None = None) -> Document:
    """The whole report of `consultation` in `language`."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    today = today or date.today()
    report = services.report_of(consultation)
    narrative = narrative_sections(report)
    with in_language(language):
        layout = Layout(language)
        implementation = figures.implementation(consultation)
        intro = Section("introduction", _("Introduction"),
                        layout.written(narrative.get("introduction"), _("The introduction is not written yet.")))
        sections = [intro, _context(layout, consultation, narrative, implementation),
                    _process(layout, consultation, narrative),
                    plan_sections.commitments(layout, report, implementation)]
        committee = plan_sections.committee(layout, consultation)
        if committee is not None:
            sections.append(committee)
        sections.append(Section("conclusion", _("Conclusion and next steps"), layout.written(
            narrative.get("conclusion"), _("The conclusion is not written yet."))))
        title = _("Self-assessment report")
        subtitle = [localized(consultation.title, language)]
        subtitle.append(_("Generated from the platform's data on %(date)s", date=day(today)))
        if report is None or not report.is_published:
            subtitle.append(_("Not published: only the coordinators can read it."))
        return Document(language, title, subtitle, sections, bool(report and report.is_published),
                        today.isoformat(), consultation.id)
