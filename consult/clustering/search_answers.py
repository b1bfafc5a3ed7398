"""The last answers of the search by meaning, kept per process and consultation.

The same query comes back page after page of the list, of the moderation list and of the API,
and at 100,000 proposals `lookup.ids_by_meaning` reads every stored vector twice (~50 ms). Its
answer depends only on the query, the encoder and the rows of the similar index: it is kept while
the index is the same object with the same number of rows (a new proposal grows it, a re-embedded
one opens a new one: the answers are then dropped, and with them the old index they refer to).
"""
from __future__ import annotations

import logging
import threading
from collections import OrderedDict

from flask import current_app

from consult.clustering import embedding, lookup

log = logging.getLogger(__name__)

ANSWERS_KEPT = 200   # queries per consultation (60 ids each)


class _Answers:
    def __init__(self):
        self.lock = threading.Lock()
        self.state: tuple = ()
        self.answers: OrderedDict = OrderedDict()


def _answers(consultation_id: int) -> _Answers:
    kept = current_app.extensions.setdefault("clustering_search_answers", {})
    return kept.setdefault(consultation_id, _Answers())


def _same(kept: tuple, state: tuple) -> bool:
    return bool(kept) and kept[0] is state[0] and kept[1] == state[1] and kept[2] is state[2]


def ids_by_meaning(consultation_id: int, query: str, limit: int) -> list[int]:
    """`lookup.ids_by_meaning`, answered from the kept answers when nothing changed since."""
    index = lookup.similar_index(consultation_id)
    state = (index, len(index), embedding.get_encoder())   # the index and encoder: by identity
    kept, key = _answers(consultation_id), (query, limit)
    with kept.lock:
        if not _same(kept.state, state):
            kept.state, kept.answers = state, OrderedDict()
        elif key in kept.answers:
            kept.answers.move_to_end(key)
            return list(kept.answers[key])
    ids = lookup.ids_by_meaning(consultation_id, query, limit)
    with kept.lock:
        if _same(kept.state, state):
            kept.answers[key] = tuple(ids)
            while len(kept.answers) > ANSWERS_KEPT:
                kept.answers.popitem(last=False)
    return ids


def on_search_by_meaning(consultation_id, query: str = "", limit: int = 50, **extra) -> list[int]:
    """Receiver of the proposals' `search_by_meaning`: never breaks the search (words still
    work), and a failure is not kept (the next search tries again)."""
    try:
        return ids_by_meaning(consultation_id, query, limit)
    except Exception:  # noqa: BLE001 - e.g. the encoder cannot load: the word search answers alone
        log.exception("search by meaning failed; the search finds words only")
        return []
