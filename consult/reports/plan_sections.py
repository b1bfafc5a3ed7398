"""The report's sections on the plan's implementation: the commitments (a summary table, then one
card each with its completion level, results and recommendations) and the committee's meetings."""
from __future__ import annotations

from flask_babel import gettext as _

from consult.core.languages import localized, pick
from consult.reports import services
from consult.reports.blocks import Fields, Heading, Paragraph, Section, Table, Text, day, num
from consult.reports.sources import (COMPLETION_LEVELS, SIDES, committee as forum, completion_labels,
                                     language_labels, mode_labels, progress_figures, relevance_labels,
                                     side_labels, value_labels)


def _results(layout, note_texts: dict | None, recorded: str, when, missing: str) -> list:
    """What the report says of a commitment: the coordinator's words for the report in the document's
    language (or the closest, saying so), else the follow-up's latest words as recorded, dated."""
    text, found = pick(note_texts, layout.language)
    if found is not None:
        if found == layout.language:
            return [Text(text, found)]
        return [layout.t(_("(shown in %(language)s)", language=_language_name(found))), Text(text, found)]
    if recorded.strip():
        return [layout.data(recorded), layout.t(_("(as recorded on %(date)s)", date=day(when)))]
    return [layout.t(missing)]


def _language_name(code: str) -> str:
    return str(language_labels()[code])


def _percent(row) -> str:
    """A commitment's progress, or "not measured" when no update measured it (never 0%)."""
    return progress_figures.progress_text(row.progress)


def _joined(texts: list[Text]) -> Text:
    """One cell from several texts; its direction is the first text's."""
    return Text(" ".join(t.text for t in texts), texts[0].language)


def commitments(layout, report, implementation) -> Section:
    section = Section("commitments", _("The commitments of the action plan"))
    if implementation.plan is None or not implementation.commitments:
        section.blocks.append(layout.note(_("The consultation has no action plan with commitments yet.")))
        return section
    levels = completion_labels()
    total = len(implementation.commitments)
    summary = _("The plan has %(total)s commitments; %(high)s of them reached a substantial or complete level of "
                "completion.", total=num(total), high=num(implementation.high_completion))
    # The mean progress with the count of measured commitments first, and those not measured said.
    overall = implementation.overall
    summary += " " + (overall.summary if overall.progress is None else f"{overall.summary}.")
    section.blocks.append(Paragraph(layout.t(summary)))
    section.blocks.append(Table([_("Completion level"), _("Commitments")], [
        [layout.t(levels[level]), layout.t(num(implementation.counts[level]))] for level in COMPLETION_LEVELS]
        + [[layout.t(_("Total")), layout.t(num(total))]], numeric=(1,), total=True))
    section.blocks.append(Table([_("No."), _("Commitment"), _("Lead body"), _("Completion level"), _("Progress")], [
        [layout.t(num(row.commitment.number)), layout.stored(row.commitment.title), layout.data(row.commitment.lead_body),
         layout.t(levels.get(row.completion, row.completion)), layout.t(_percent(row))]
        for row in implementation.commitments], numeric=(0, 4)))

    values, relevance = value_labels(), relevance_labels()
    for row in implementation.commitments:
        c = row.commitment
        note = services.note_of(report, c)
        section.blocks.append(Heading(layout.t(_("Commitment %(number)s: %(title)s", number=num(c.number),
                                                 title=layout.stored(c.title).text)), level=3))
        actors = c.other_actors or {}
        rated = [f"{values[v]}: {relevance[r]}" for v, r in (c.relevance or {}).items()
                 if v in values and r in relevance]
        fields = [
            (_("Lead body"), layout.data(c.lead_body)),
            (_("Other actors: government"), layout.data(actors.get("government", ""))),
            (_("Other actors: civil society, private sector, working groups, donors"),
             layout.data(actors.get("others", ""))),
            (_("Main objective"), layout.data(c.objective)),
            (_("Relevance to open-government values"), layout.t("؛ ".join(rated) if layout.language == "ar"
                                                                 else "; ".join(rated)) if rated else layout.t(_("Not rated"))),
            (_("Expected results"), layout.data(c.expected_results)),
            (_("Completion level"), layout.t(levels.get(row.completion, row.completion))),
            (_("Progress"), layout.t(_percent(row))),
            (_("Milestones done"), layout.t(_("%(done)s of %(total)s", done=num(row.milestones_done),
                                              total=num(row.milestones)))),
            (_("Due date"), layout.t(day(c.ends_on))),
            (_("Results so far"), _joined(_results(layout, note.results if note else None, row.done_text,
                                                   row.last_update_on, _("No result recorded yet.")))),
            (_("Difficulties"), layout.data(row.difficulties)),
            (_("Recommendations"), _joined(_results(layout, note.recommendations if note else None,
                                                    row.recommendations, row.last_update_on,
                                                    _("No recommendation recorded yet.")))),
        ]
        section.blocks.append(Fields([(label, value) for label, value in fields]))
    return section


def committee(layout, consultation):
    """The committee's meetings and attendance (from the committee feature), or None without one."""
    body = forum.committee_of(consultation.id)
    if body is None:
        return None
    section = Section("committee", _("The committee: meetings and attendance"))
    sides, modes = side_labels(), mode_labels()
    name = localized(body.name, layout.language)
    seats = forum.balance(body, on=False)
    section.blocks.append(Paragraph(layout.t(_(
        "%(name)s has %(members)s members: %(sides)s.", name=name or _("The committee"),
        members=num(sum(seats.values())), sides=("، " if layout.language == "ar" else ", ").join(
            f"{sides[side]} {num(seats.get(side, 0))}" for side in SIDES if seats.get(side))))))
    section.blocks.append(Paragraph(layout.t(
        _("Its rules (charter) are published.") if forum.charter_published(body)
        else _("Its rules (charter) are not published."))))
    meetings = forum.held_meetings(consultation.id)
    if not meetings:
        section.blocks.append(layout.note(_("No meeting of the committee is recorded.")))
        return section
    rows = []
    for meeting in meetings:
        attended = forum.attendance_by_side(meeting)
        rows.append([layout.t(day(meeting.held_on)), layout.data(meeting.place),
                     layout.t(modes.get(meeting.mode, meeting.mode))]
                    + [layout.t(num(attended.get(side, 0))) for side in SIDES]
                    + [layout.t(_("Published") if meeting.minutes_published else _("Not published"))])
    section.blocks.append(Table([_("Date"), _("Place"), _("Form")] + [str(sides[s]) for s in SIDES]
                                + [_("Minutes")], rows, numeric=(3, 4, 5)))
    rates = forum.attendance_rates(consultation.id)
    if rates.meetings:
        section.blocks.append(Paragraph(layout.t(_(
            "Attendance over the %(count)s meetings whose attendance was recorded, by side:", count=num(rates.meetings)))))
        section.blocks.append(Table([_("Side"), _("Seats expected"), _("Attended"), _("Attendance rate")], [
            [layout.t(sides[side]), layout.t(num(rates.sides[side].expected)), layout.t(num(rates.sides[side].attended)),
             layout.t("—" if rates.sides[side].rate is None else f"{num(rates.sides[side].rate)}%")]
            for side in SIDES if rates.sides[side].expected], numeric=(1, 2, 3)))
        absent = rates.often_absent
        if absent:
            section.blocks.append(Paragraph(layout.t(_(
                "%(count)s members missed at least half of the meetings they were expected at.",
                count=num(len(absent))))))
    return section
