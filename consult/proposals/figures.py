"""The consultation in numbers, for its home page: proposals so far by channel and by language,
and the workshops held (the themes are the clustering feature's, `theme_count`)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func

from consult.core.extensions import db
from consult.proposals.models import CHANNELS, LANGUAGES, Proposal
from consult.workshops.models import Workshop


def _counts(consultation, column) -> dict[str, int]:
    return dict(db.session.execute(
        db.select(column, func.count(Proposal.id))
        .filter(Proposal.consultation_id == consultation.id, Proposal.status != "hidden")
        .group_by(column)).tuples().all())


def consultation_figures(consultation, today: date | None = None) -> dict:
    """{"proposals": n, "by_channel": [(channel, n)], "by_language": [(language, n)], "workshops_held": n};
    hidden proposals are not counted, channels and languages come in their usual order, most first."""
    today = today or date.today()
    channels, languages = _counts(consultation, Proposal.channel), _counts(consultation, Proposal.language)

    def ordered(counts: dict, order) -> list[tuple[str, int]]:
        return sorted(((key, n) for key, n in counts.items() if n),
                      key=lambda pair: (-pair[1], order.index(pair[0]) if pair[0] in order else len(order)))

    held = db.session.scalar(db.select(func.count(Workshop.id)).filter(
        Workshop.consultation_id == consultation.id, Workshop.held_on <= today))
    return {"proposals": sum(channels.values()), "by_channel": ordered(channels, CHANNELS),
            "by_language": ordered(languages, LANGUAGES), "workshops_held": held or 0}
