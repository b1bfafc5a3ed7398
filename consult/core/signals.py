"""Signals core sends and the features answer, so that core never imports a feature.

`home_page`: sent when someone opens "/"; a receiver may return a response (e.g. a redirect to
the consultation running now); the first response given is used, else core's own home page.
"""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

home_page = _signals.signal("home-page")
