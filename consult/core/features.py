"""What every feature's `init_app` does: register its rules, blueprint, API routes and commands."""
from __future__ import annotations

import pkgutil
from importlib import import_module
from importlib.util import find_spec

from flask import Blueprint, Flask


def register(app: Flask, package: str) -> None:
    """Import `package.rules` (its permissions) and `package.api` (its routes on the one /api/v1
    blueprint, registered once every feature is in), register the feature's routes and the click
    commands listed in `package.cli.commands`, for whichever of these the feature has.

    The routes are in `package.views` (one module), or in a `views/` package whose `__init__`
    holds the blueprint `bp` and each route module (`views/<page family>.py`) puts its routes on
    it: every route module is imported here, so no module imports another at its bottom. A route
    module whose endpoints keep a name of their own (proposals' "add my voice": `support.add`)
    has its own `bp`, registered too."""
    for module in ("rules", "api"):
        if find_spec(f"{package}.{module}") is not None:
            import_module(f"{package}.{module}")
    if find_spec(f"{package}.views") is not None:
        views = import_module(f"{package}.views")
        blueprints = [views.bp]
        for route_module in pkgutil.iter_modules(getattr(views, "__path__", [])):
            own = getattr(import_module(f"{views.__name__}.{route_module.name}"), "bp", views.bp)
            if isinstance(own, Blueprint) and own not in blueprints:
                blueprints.append(own)
        for blueprint in blueprints:
            app.register_blueprint(blueprint)
    if find_spec(f"{package}.cli") is not None:
        for command in import_module(f"{package}.cli").commands:
            app.cli.add_command(command)
