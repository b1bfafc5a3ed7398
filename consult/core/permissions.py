"""Who may do what: named permissions built from small rules.

A rule is a predicate `rule(user, obj) -> bool`; rules combine with `&`, `|` and `~`:

    define("scoring.score", is_coordinator | (is_member_of_group & ~has_conflict))

Every feature declares its permissions in its `rules.py`; views check them with
`@permission_required(name, load=...)` (or `require(name, obj)` inside the view), templates with
`can(name, obj)`, and the role-matrix test reads the same table. `core` holds the machinery and
the role rules only: it knows no feature.
"""
from __future__ import annotations

import inspect
from functools import wraps
from typing import Any, Callable

from flask import abort, current_app
from flask_login import current_user
from werkzeug.exceptions import HTTPException

ROLES = ("citizen", "member", "facilitator", "coordinator")


class Rule:
    """A named predicate on (user, object), combinable with &, | and ~."""

    def __init__(self, test: Callable[[Any, Any], bool], name: str):
        self.test, self.name = test, name

    def __call__(self, user, obj=None) -> bool:
        return bool(self.test(user, obj))

    def __and__(self, other: "Rule") -> "Rule":
        return Rule(lambda user, obj: self(user, obj) and other(user, obj), f"({self.name} & {other.name})")

    def __or__(self, other: "Rule") -> "Rule":
        return Rule(lambda user, obj: self(user, obj) or other(user, obj), f"({self.name} | {other.name})")

    def __invert__(self) -> "Rule":
        return Rule(lambda user, obj: not self(user, obj), f"~{self.name}")

    def __repr__(self) -> str:
        return f"Rule({self.name})"


def rule(test: Callable[[Any, Any], bool]) -> Rule:
    """Decorator: a function `(user, obj) -> bool` becomes a Rule named after it."""
    return Rule(test, test.__name__)


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "active", True)


everyone = Rule(lambda user, obj: True, "everyone")
is_signed_in = Rule(lambda user, obj: _signed_in(user), "is_signed_in")


def has_role(*roles: str) -> Rule:
    unknown = set(roles) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return Rule(lambda user, obj: _signed_in(user) and user.role in roles, "|".join(roles))


is_coordinator = has_role("coordinator")
is_facilitator = has_role("facilitator")
is_member = has_role("member")
is_staff = has_role("coordinator", "facilitator")

PERMISSIONS: dict[str, Rule] = {}


def define(name: str, rule_: Rule) -> Rule:
    """Declare a permission; declaring one name twice is a mistake and says so."""
    assert name not in PERMISSIONS or PERMISSIONS[name] is rule_, f"permission {name!r} defined twice"
    PERMISSIONS[name] = rule_
    return rule_


def can(user, permission: str, obj=None) -> bool:
    try:
        rule_ = PERMISSIONS[permission]
    except KeyError:  # a typo must not open a page: fail loudly
        raise LookupError(f"unknown permission {permission!r}") from None
    return rule_(user, obj)


def require(permission: str, obj=None) -> None:
    """Inside a view: sign-in page for visitors, 403 for signed-in users the rule refuses."""
    if can(current_user, permission, obj):
        return
    abort(403 if _signed_in(current_user) else 401)


def permission_required(permission: str, load: Callable[..., Any] | None = None, to: str | None = None):
    """View decorator. `load(**view_args)` fetches the object the rule is about (404 if missing).
    With `to`, the view gets that object as its argument `to`, in place of the URL's arguments
    that `load` takes (the others are passed on): what was checked is what the view uses, loaded once."""
    consumed = _parameters(load) if load and to else set()

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            obj = load(**kwargs) if load else None
            require(permission, obj)
            if to:
                kwargs = {name: value for name, value in kwargs.items() if name not in consumed}
                kwargs[to] = obj
            return view(*args, **kwargs)
        # Read by the role-matrix test: which permission guards this route, and on what object.
        wrapped.permission, wrapped.permission_object = permission, load
        return wrapped
    return decorator


def _parameters(function: Callable) -> set[str]:
    """The named parameters of `function` (a loader's `**rest` takes nothing away from the view)."""
    return {name for name, parameter in inspect.signature(function).parameters.items()
            if parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY)}


def can_in_template(permission: str, obj=None) -> bool:
    return can(current_user, permission, obj)


def can_open(endpoint: str, **view_args) -> bool:
    """Whether the current user may open `endpoint` with `view_args`, by the permission that guards
    the route: templates link another feature's page only for those it opens to, without
    knowing that feature's rules. A route guarded by nothing opens to everyone."""
    view = current_app.view_functions.get(endpoint)
    if view is None:
        return False
    permission = getattr(view, "permission", None)
    if permission is not None:
        load = getattr(view, "permission_object", None)
        try:
            obj = load(**view_args) if load else None
        except HTTPException:   # the object does not exist
            return False
        return can(current_user, permission, obj)
    return True
