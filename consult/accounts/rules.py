"""Who may manage accounts: coordinators create, edit and reset the accounts of everyone; anyone
signed in changes their own password."""
from __future__ import annotations

from consult.core.permissions import define, is_coordinator, is_signed_in

define("accounts.manage", is_coordinator)
define("accounts.change_password", is_signed_in)
