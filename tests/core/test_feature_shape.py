"""Every feature folder has one shape (README, "Project layout"): its routes are in `views.py` or a
`views/` package (open-data routes in `api.py`), the translated names of its codes in `labels.py`,
and every `noqa` names the rule it silences and says why. Registering the features puts every
route written in the source into the app, and nothing else."""
from __future__ import annotations

import ast
import re
from importlib import import_module
from pathlib import Path

from flask import Blueprint

PACKAGE = Path(__file__).resolve().parents[2] / "consult"
VERBS = {"get", "post", "put", "patch", "delete", "route"}


def _sources():
    for path in sorted(PACKAGE.rglob("*.py")):
        if "static" not in path.relative_to(PACKAGE).parts:
            yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _module(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_route_module(path: Path) -> bool:
    return path.name in ("views.py", "api.py") or path.parent.name == "views"


def _routes(tree: ast.AST):
    """(function, decorator's object name, endpoint given or None) for each route decorator."""
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in node.decorator_list:
                if (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)
                        and decorator.func.attr in VERBS and isinstance(decorator.func.value, ast.Name)):
                    endpoint = next((k.value.value for k in decorator.keywords
                                     if k.arg == "endpoint" and isinstance(k.value, ast.Constant)), None)
                    yield node.name, decorator.func.value.id, endpoint


def test_routes_and_blueprints_live_in_views():
    misplaced = []
    for path, tree in _sources():
        where = str(path.relative_to(PACKAGE.parent))
        if any(True for _route in _routes(tree)) and not _is_route_module(path):
            misplaced.append(f"{where}: routes outside views.py, views/ and api.py")
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Blueprint" \
                    and not _is_route_module(path):
                misplaced.append(f"{where}: a blueprint outside views.py, views/ and api.py")
    assert not misplaced, "\n".join(misplaced)


def test_every_route_in_the_source_is_registered_and_nothing_else(app):
    """A route module that nothing imported would lose its routes silently: the app's url_map has
    exactly one rule per route decorator in the source (and Flask's static route)."""
    written, missing = [], []
    for path, tree in _sources():
        module = None
        for function, owner, endpoint in _routes(tree):
            module = module or import_module(_module(path))
            blueprint = getattr(module, owner)
            assert isinstance(blueprint, Blueprint), (path, owner)
            name = f"{blueprint.name}.{endpoint or function}"
            written.append(name)
            if name not in app.view_functions:
                missing.append(f"{path.relative_to(PACKAGE.parent)}: {name}")
    assert not missing, "not registered:\n" + "\n".join(missing)
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]
    assert len(rules) == len(written) and {rule.endpoint for rule in rules} == set(written)


def test_code_labels_live_in_labels_modules():
    """`status_labels()`, `kind_labels()`...: only in the feature's labels.py (forms, exports and
    templates read them there), never in forms.py or a route module."""
    elsewhere = [f"{path.relative_to(PACKAGE.parent)}: {node.name}" for path, tree in _sources()
                 if path.name != "labels.py" for node in tree.body
                 if isinstance(node, ast.FunctionDef) and node.name.endswith("_labels")
                 and not node.name.startswith("register_")]
    assert not elsewhere, "\n".join(elsewhere)


NOQA = re.compile(r"#\s*noqa\b(?P<rest>.*)")
EXPLAINED = re.compile(r":\s*[A-Z]+[0-9]+(\s*,\s*[A-Z]+[0-9]+)*\s+(-\s+|\()(?=.*[^\W\d_]{3,})")


def test_every_noqa_names_its_rule_and_says_why():
    bare = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "static" in path.relative_to(PACKAGE).parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            found = NOQA.search(line)
            if found and not EXPLAINED.match(found.group("rest")):
                bare.append(f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}")
    assert not bare, "\n".join(bare)
