"""What every feature's `init_app` does: register its rules, blueprint, API routes and commands."""
from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from flask import Flask


def register(app: Flask, package: str) -> None:
    """Import `package.rules` (its permissions) and `package.api` (its routes on the one /api/v1
    blueprint, registered once every feature is in), register `package.views.bp` and the click
    commands listed in `package.cli.commands`, for whichever of these the feature has."""
    for module in ("rules", "api"):
        if find_spec(f"{package}.{module}") is not None:
            import_module(f"{package}.{module}")
    if find_spec(f"{package}.views") is not None:
        app.register_blueprint(import_module(f"{package}.views").bp)
    if find_spec(f"{package}.cli") is not None:
        for command in import_module(f"{package}.cli").commands:
            app.cli.add_command(command)
