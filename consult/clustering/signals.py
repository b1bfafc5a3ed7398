"""What the clustering asks the features above it.

`themes_in_use` is sent with a consultation id as sender; each receiver returns the ids of the
consultation's themes it holds on to (scoring: assigned to a working group, scored or decided).
A grouping run keeps those themes as if locked and merging never removes one, so that nothing
built on a theme loses it.
"""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

themes_in_use = _signals.signal("themes-in-use")


def theme_ids_in_use(consultation_id: int) -> set[int]:
    ids: set[int] = set()
    for _receiver, answer in themes_in_use.send(consultation_id):
        ids |= set(answer or ())
    return ids
