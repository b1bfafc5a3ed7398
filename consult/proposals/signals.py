"""What the proposals feature tells the features above it (they connect in their `init_app`).

`proposals_saved` is sent, with the consultation as sender and `proposals=[...]`, once proposals
whose text was just created or changed are flushed (the web form, a facilitator's entry, an
import, the demo). The clustering embeds them.
"""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

proposals_saved = _signals.signal("proposals-saved")
