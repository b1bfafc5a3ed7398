"""What the clustering asks the features above it.

`themes_in_use` is sent with a consultation id as sender; each receiver returns the ids of the
consultation's themes it holds on to (scoring: assigned to a working group, scored or decided).
A grouping run keeps those themes as if locked and merging never removes one, so that nothing
built on a theme loses it.

`themes_closed` is sent with a consultation id as sender; each receiver returns the ids of the
consultation's themes whose public record is closed (scoring: scored by a working group that has
closed its scoring). Nobody curates such a theme (rules.py).

`in_working_group` is sent with a consultation id as sender and `user=`; each receiver answers
whether the user belongs to a working group of that consultation (scoring: its groups' members).
Such members curate the consultation's themes while its grouping or scoring phase runs (rules.py).
Without a receiver (no scoring feature) nobody is in a working group and nothing is closed.
"""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

themes_in_use = _signals.signal("themes-in-use")
themes_closed = _signals.signal("themes-closed")
in_working_group = _signals.signal("in-working-group")


def theme_ids_in_use(consultation_id: int) -> set[int]:
    ids: set[int] = set()
    for _receiver, answer in themes_in_use.send(consultation_id):
        ids |= set(answer or ())
    return ids


def closed_theme_ids(consultation_id: int) -> set[int]:
    ids: set[int] = set()
    for _receiver, answer in themes_closed.send(consultation_id):
        ids |= set(answer or ())
    return ids


def is_in_working_group(consultation_id: int, user) -> bool:
    return any(answer for _receiver, answer in in_working_group.send(consultation_id, user=user))
