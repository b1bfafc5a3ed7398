"""The features depend downward only: a feature imports only the features before it in
`consult.FEATURES` (core imports none), and no two features import each other, even through others.

Every import counts: at module level, inside functions and `if TYPE_CHECKING:` blocks,
`import consult.x.y`, `from consult.x import y`, `from consult import x` and relative imports.
"""
from __future__ import annotations

import ast
from pathlib import Path

from consult import FEATURES

PACKAGE = Path(__file__).resolve().parents[2] / "consult"
RANK = {feature: position for position, feature in enumerate(FEATURES)}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def feature_of(module: str) -> str | None:
    """`consult.<feature>...` -> feature; anything else (the app package itself, libraries) -> None."""
    parts = module.split(".")
    if len(parts) >= 2 and parts[0] == "consult" and parts[1] in RANK:
        return parts[1]
    return None


def _resolve(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """The absolute name of what a `from ... import` reads from (relative imports resolved)."""
    if not node.level:
        return node.module or ""
    package = module.split(".") if is_package else module.split(".")[:-1]
    base = package[:len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imported_modules(tree: ast.AST, module: str, is_package: bool):
    """(line, imported module) for every import anywhere in the file, and every
    `import_module("consult...")` / `__import__("consult...")` given a literal name."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            source = _resolve(node, module, is_package)
            if source == "consult":
                # `from consult import workshops`, `from .. import workshops`: the names are the features
                for alias in node.names:
                    yield node.lineno, f"consult.{alias.name}"
            else:
                yield node.lineno, source
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str) \
                and getattr(node.func, "id", getattr(node.func, "attr", None)) in ("import_module", "__import__"):
            yield node.lineno, node.args[0].value


def feature_edges() -> list[tuple[str, str, str, int, str]]:
    """(from feature, to feature, file, line, imported module) for every import across features."""
    edges = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        source_feature = feature_of(module)
        if source_feature is None:          # consult/__init__.py: the app, which loads every feature
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, imported in imported_modules(tree, module, path.name == "__init__.py"):
            target = feature_of(imported)
            if target is not None and target != source_feature:
                edges.append((source_feature, target, str(path.relative_to(PACKAGE.parent)), line, imported))
    return edges


def _cycles(edges) -> list[list[str]]:
    """The features that reach each other (strongly connected components of more than one)."""
    graph: dict[str, set[str]] = {feature: set() for feature in FEATURES}
    for source, target, *_ in edges:
        graph[source].add(target)

    def reachable(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for nxt in graph[todo.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    reach = {feature: reachable(feature) for feature in FEATURES}
    components, placed = [], set()
    for feature in FEATURES:
        if feature in placed:
            continue
        component = [other for other in FEATURES if other == feature or (other in reach[feature]
                                                                         and feature in reach[other])]
        placed.update(component)
        if len(component) > 1:
            components.append(component)
    return components


def test_the_parser_sees_every_kind_of_import():
    source = ("import consult.scoring.services\n"
              "from consult.shortlist import services\n"
              "from consult import proposals\n"
              "from . import forms\n"
              "from ..clustering import models\n"
              "from .. import demo\n"
              "def f():\n"
              "    from consult.reports.models import Report\n"
              "    if TYPE_CHECKING:\n"
              "        import consult.committee as c\n"
              "    return importlib.import_module('consult.commitments.plans')\n")
    found = sorted(imported_modules(ast.parse(source), "consult.workshops.views", False))
    assert found == [(1, "consult.scoring.services"), (2, "consult.shortlist"), (3, "consult.proposals"),
                     (4, "consult.workshops"), (5, "consult.clustering"), (6, "consult.demo"),
                     (8, "consult.reports.models"), (10, "consult.committee"), (11, "consult.commitments.plans")]
    assert sorted(imported_modules(ast.parse("from . import services\nfrom .views import bp\n"),
                                   "consult.shortlist", True)) == [(1, "consult.shortlist"),
                                                                   (2, "consult.shortlist.views")]
    assert _cycles([("workshops", "proposals", "", 0, ""),
                    ("proposals", "scoring", "", 0, ""), ("scoring", "workshops", "", 0, "")]) \
        == [["workshops", "proposals", "scoring"]]


def test_features_import_only_the_features_before_them():
    edges = feature_edges()
    assert edges, "no import across features was found: the test reads nothing"
    upward = [f"{file}:{line}: {source} -> {target} ({imported})"
              for source, target, file, line, imported in edges if RANK[target] > RANK[source]]
    assert not upward, ("features import features that come after them in consult.FEATURES "
                        "(core may import none):\n" + "\n".join(upward))


def test_no_cycle_between_features():
    edges = feature_edges()
    problems = []
    for component in _cycles(edges):
        members = set(component)
        # Every cycle holds an import against the order of FEATURES: those are the ones to undo.
        lines = [f"  {file}:{line}: {source} -> {target} ({imported})"
                 for source, target, file, line, imported in edges
                 if source in members and target in members and RANK[target] > RANK[source]]
        problems.append("cycle between " + ", ".join(component) + ", closed by:\n" + "\n".join(lines))
    assert not problems, "\n".join(problems)
