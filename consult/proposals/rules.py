"""Who may do what with proposals, and when.

- submit: anyone, while the consultation collects proposals (the phase running today);
- enter (and import, and the import template): coordinators, and facilitators for the workshops
  they run (given a consultation, any facilitator opens the page, offered only their own workshops);
- accept_entries: the consultation takes entered proposals from the start of collection to the end
  of grouping (regional workshops often run after the online collection has closed);
- read_import (a large import queued in the background, and its report): coordinators, and the
  facilitator who sent the file;
- enter_for_all_workshops: coordinators enter and import for every workshop of the consultation;
  a facilitator only for the workshops they run (offered only those, none preselected for a coordinator);
- moderate (hide, show again, decide, read hidden proposals): coordinators;
- read one's own proposals ("My proposals"): anyone signed in;
- support ("add my voice"): anyone, without an account, from collection to the end of scoring
  (while the working groups can still weigh it), until the proposal has an outcome (and never a
  hidden or merged one: its voices belong to the proposal it was merged into).
"""
from __future__ import annotations

from consult.consultations.rules import phase_is, phase_within
from consult.core.permissions import define, is_coordinator, is_facilitator, is_signed_in, rule
from consult.workshops.rules import facilitates

ENTRY_PHASES = ("collection", "grouping")
SUPPORT_PHASES = ("collection", "grouping", "scoring")


@rule
def awaits_outcome(user, proposal) -> bool:
    from consult.proposals.support import is_open
    return getattr(proposal, "status", None) is not None and is_open(proposal)


define("proposals.submit", phase_is("collection"))
define("proposals.enter", is_coordinator | (is_facilitator & facilitates))
define("proposals.enter_for_all_workshops", is_coordinator)           # the consultation
define("proposals.accept_entries", phase_within(*ENTRY_PHASES))
define("proposals.read_import", is_coordinator | (is_facilitator & rule(
    lambda user, record: record is not None and record.created_by_id == user.id)))
define("proposals.moderate", is_coordinator)
define("proposals.read_own", is_signed_in)
define("proposals.take_voices", phase_within(*SUPPORT_PHASES))       # the consultation
define("proposals.support", phase_within(*SUPPORT_PHASES) & awaits_outcome)   # one proposal
