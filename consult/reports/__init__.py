"""The self-assessment report (generated from the data, narrative by the coordinator, PDF and
DOCX) and the OGP Participation and Co-Creation Standards checked from the data."""
from __future__ import annotations

from flask import Flask

from consult.core import features


def init_app(app: Flask) -> None:
    features.register(app, __name__)
