"""Who may manage accounts: coordinators create, edit and reset the accounts of everyone."""
from __future__ import annotations

from consult.core.permissions import define, is_coordinator

define("accounts.manage", is_coordinator)
