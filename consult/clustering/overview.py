"""Reading a consultation's themes: the overview (sizes, mixes, representatives) and the map."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from flask_babel import gettext as _
import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import load_only

from consult.clustering.models import ProposalVector, Theme
from consult.clustering.themes import theme_title
from consult.core.extensions import db
from consult.proposals.models import Proposal
from consult.proposals.versions import kept, proposals_version

MAP_MAX_POINTS = 1000   # each point is an SVG circle with its title: about 250 bytes
THEMES_PER_PAGE = 50    # theme cards on one page of the themes page, largest first
# Okabe-Ito and Tableau colours: distinguishable, also for colour-blind readers.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#4E79A7", "#B07AA1", "#59A14F", "#9C755F")
OTHER_COLOUR = "#8C8C8C"
UNGROUPED_COLOUR = "#CFD4DA"


@dataclass
class ThemeOverview:
    theme: Theme
    size: int = 0
    languages: dict = field(default_factory=dict)
    axes: dict = field(default_factory=dict)         # axis id -> count
    regions: dict = field(default_factory=dict)      # governorate code -> count
    representatives: list = field(default_factory=list)
    colour: str = ""


def _mixes(consultation_id: int, column) -> dict[int, dict]:
    result: dict[int, dict] = defaultdict(dict)
    for theme_id, value, count in db.session.execute(
            select(Proposal.theme_id, column, func.count())   # count(*): read from the index alone
            .filter(Proposal.consultation_id == consultation_id, Proposal.status != "hidden",
                    Proposal.theme_id.is_not(None))
            .group_by(Proposal.theme_id, column)):
        result[theme_id][value] = count
    return {key: dict(sorted(mix.items(), key=lambda item: -item[1])) for key, mix in result.items()}


def themes_overview(consultation_id: int) -> list[ThemeOverview]:
    """The consultation's themes, largest first, with their mixes (their representatives are read
    by `themes_page` for the themes shown)."""
    themes = db.session.scalars(select(Theme).filter_by(consultation_id=consultation_id)).all()
    languages = _mixes(consultation_id, Proposal.language)
    axes = _mixes(consultation_id, Proposal.axis_id)
    regions = _mixes(consultation_id, Proposal.governorate)
    rows = []
    for theme in themes:
        row = ThemeOverview(theme=theme, languages=languages.get(theme.id, {}), axes=axes.get(theme.id, {}),
                            regions=regions.get(theme.id, {}))
        row.size = sum(row.languages.values())
        rows.append(row)
    rows.sort(key=lambda r: (-r.size, r.theme.id))
    for position, row in enumerate(rows):
        row.colour = PALETTE[position] if position < len(PALETTE) else OTHER_COLOUR
    return rows


def overview_version(consultation_id: int) -> tuple:
    """What the overview is drawn from, in three seeks: the proposals' version, the themes'
    (a rename, merge or new theme changes it) and the stored vectors' (new places on the map).
    Also the number of themes, which bounds the pages."""
    themes, themes_changed = db.session.execute(
        select(func.count(Theme.id), func.max(Theme.updated_at)).filter(Theme.consultation_id == consultation_id)).one()
    vectors = db.session.scalar(select(func.max(ProposalVector.id))
                                .filter(ProposalVector.consultation_id == consultation_id))
    return proposals_version(consultation_id), themes, themes_changed, vectors


@dataclass
class ThemesPage:
    """One page of the overview, with what the `pager` macro reads (as Flask-SQLAlchemy's)."""
    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int | None:
        return self.page - 1 if self.has_prev else None

    @property
    def next_num(self) -> int | None:
        return self.page + 1 if self.has_next else None


def themes_page(rows: list[ThemeOverview], page: int, per_page: int | None = None) -> ThemesPage:
    """The rows of page `page` (from 1; past the last page: the last one), with their representatives."""
    per_page = per_page or THEMES_PER_PAGE
    pages = max(1, -(-len(rows) // per_page))
    page = min(max(page, 1), pages)
    shown = rows[(page - 1) * per_page:page * per_page]
    wanted = {pid for row in shown for pid in (row.theme.summary or {}).get("representatives", [])}
    proposals = {p.id: p for p in db.session.scalars(select(Proposal).options(   # not their long texts
        load_only(Proposal.id, Proposal.ref, Proposal.title, Proposal.theme_id, Proposal.status))
        .filter(Proposal.id.in_(wanted or [0]), Proposal.status != "hidden"))}
    for row in shown:
        row.representatives = [proposals[pid] for pid in (row.theme.summary or {}).get("representatives", [])
                               if pid in proposals and proposals[pid].theme_id == row.theme.id]
    return ThemesPage(items=shown, page=page, per_page=per_page, total=len(rows))


def counts_by_theme(consultation_id: int) -> Counter:
    """Visible proposals per theme id (None: not grouped yet), kept for the proposals' version."""
    return kept(f"theme-counts:{consultation_id}", proposals_version(consultation_id),
                     lambda: Counter(dict(db.session.execute(
                         select(Proposal.theme_id, func.count())
                         .filter(Proposal.consultation_id == consultation_id, Proposal.status != "hidden")
                         .group_by(Proposal.theme_id)).all())))


@dataclass
class MapPicture:
    width: int
    height: int
    points: list  # (x, y, colour, ref, title)
    legend: list  # (colour, text, theme or None)
    total: int = 0


def map_picture(consultation_id: int, overview: list[ThemeOverview], width: int = 640,
                height: int = 440, margin: int = 14) -> MapPicture | None:
    """The proposals on their 2-D places, coloured by theme: at most MAP_MAX_POINTS of them, those
    of lowest map key (a random number each stored vector got), which is an even random sample
    that stays the same from one visit to the next; read from an index, in a few milliseconds at
    100,000 proposals."""
    placed = (ProposalVector.consultation_id == consultation_id, ProposalVector.x.is_not(None))
    rows = db.session.execute(
        select(ProposalVector.x, ProposalVector.y, Proposal.ref, Proposal.title, Proposal.theme_id)
        .join(Proposal, Proposal.id == ProposalVector.proposal_id)
        .filter(*placed, Proposal.status != "hidden")
        .order_by(ProposalVector.map_key, ProposalVector.proposal_id).limit(MAP_MAX_POINTS)).all()
    if not rows:
        return None
    total = len(rows)
    if total == MAP_MAX_POINTS:   # more may be placed: all of them, less the few hidden ones
        total = (db.session.scalar(select(func.count()).select_from(ProposalVector).filter(*placed))
                 - db.session.scalar(select(func.count()).select_from(ProposalVector)
                                     .join(Proposal, Proposal.id == ProposalVector.proposal_id)
                                     .filter(*placed, Proposal.consultation_id == consultation_id,
                                             Proposal.status == "hidden")))
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
