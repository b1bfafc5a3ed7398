"""What every feature's `init_app` does: register its rules, blueprint and commands."""
from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from flask import Flask


def register(app: Flask, package: str) -> None:
    """Import `package.rules` (its permissions), register `package.views.bp` and the click
    commands listed in `package.cli.commands`, for whichever of these the feature has."""
    if find_spec(f"{package}.rules") is not None:
        import_module(f"{package}.rules")
    if find_spec(f"{package}.views") is not None:
        app.register_blueprint(import_module(f"{package}.views").bp)
    if find_spec(f"{package}.cli") is not None:
        for command in import_module(f"{package}.cli").commands:
            app.cli.add_command(command)
