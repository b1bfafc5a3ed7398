"""What the proposals feature tells the features above it (they connect in their `init_app`).

`proposals_saved` is sent, with the consultation as sender and `proposals=[...]`, once proposals
whose text was just created or changed are flushed (the web form, a facilitator's entry, an
import, the demo). The clustering embeds them.
"""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

proposals_saved = _signals.signal("proposals-saved")
search_by_meaning = _signals.signal("search-by-meaning")


def ids_by_meaning(consultation_id: int, query: str, limit: int) -> list[int]:
    """Proposal ids close in meaning to the query, best first (the receivers' answers merged)."""
    ids: list[int] = []
    for _receiver, answer in search_by_meaning.send(consultation_id, query=query, limit=limit):
        ids.extend(pid for pid in (answer or ()) if pid not in ids)
    return ids
