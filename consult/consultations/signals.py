"""Signals of the consultations feature, answered by the features built on it.

`axis_usage`: sent with an axis; each receiver returns {what: count} of its rows that use the
axis (proposals answer {"proposals": n}). An axis anything uses cannot be removed.
"""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

axis_usage = _signals.signal("axis-usage")
