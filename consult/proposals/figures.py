"""The consultation in numbers, for its home page: proposals so far by channel and by language,
and the workshops held (the themes are the clustering feature's, `theme_count`)."""
from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import func

from consult.core.extensions import db
from consult.proposals.models import CHANNELS, LANGUAGES, Proposal
from consult.proposals.versions import kept, proposals_version
from consult.workshops.models import Workshop


def _counts(consultation) -> tuple[Counter, Counter]:
    """(by channel, by language) of the visible proposals: one count(*) that PostgreSQL answers
    from the index `ix_proposals_figures` alone."""
    channels, languages = Counter(), Counter()
    for channel, language, count in db.session.execute(
            db.select(Proposal.channel, Proposal.language, func.count())
            .filter(Proposal.consultation_id == consultation.id, Proposal.status != "hidden")
            .group_by(Proposal.channel, Proposal.language)):
        channels[channel] += count
        languages[language] += count
    return channels, languages


def consultation_figures(consultation, today: date | None = None) -> dict:
    """{"proposals": n, "by_channel": [(channel, n)], "by_language": [(language, n)], "workshops_held": n};
    hidden proposals are not counted, channels and languages come in their usual order, most first."""
    today = today or date.today()
    channels, languages = kept(f"figures:{consultation.id}", proposals_version(consultation.id),
                                    lambda: _counts(consultation))

    def ordered(counts: dict, order) -> list[tuple[str, int]]:
        return sorted(((key, n) for key, n in counts.items() if n),
                      key=lambda pair: (-pair[1], order.index(pair[0]) if pair[0] in order else len(order)))

    held = db.session.scalar(db.select(func.count(Workshop.id)).filter(
        Workshop.consultation_id == consultation.id, Workshop.held_on <= today))
    return {"proposals": sum(channels.values()), "by_channel": ordered(channels, CHANNELS),
            "by_language": ordered(languages, LANGUAGES), "workshops_held": held or 0}
