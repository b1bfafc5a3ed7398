"""What the workshop pages ask the features above them (they connect in their `init_app`).

`workshop_page` is sent with a workshop as sender when its page is shown, `workshops_page` with a
consultation when its workshops page is shown; each receiver returns a dict of template variables
for the page (proposals: the workshop's proposals and themes; shortlist: its shortlist, the
national view). The workshops feature knows none of them: a section whose variables no feature
gave is left out.
"""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

workshop_page = _signals.signal("workshop-page")
workshops_page = _signals.signal("workshops-page")


def page_context(signal, sender) -> dict:
    """The template variables every receiver of `signal` gives for `sender`, merged."""
    context: dict = {}
    for _receiver, answer in signal.send(sender):
        context.update(answer or {})
    return context
