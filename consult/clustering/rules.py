"""Who may do what with themes, grouping runs and near-duplicates.

Themes are public; working-group members and coordinators curate them (rename, lock, merge,
split, move) and review near-duplicates; only coordinators start a grouping run.
"""
from __future__ import annotations

from consult.core.permissions import define, everyone, is_coordinator, is_member

define("clustering.read", everyone)
define("clustering.curate", is_coordinator | is_member)
define("clustering.run", is_coordinator)
