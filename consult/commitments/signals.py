"""What other features may react to (blinker signals, sent once the change is flushed).

- `plan_published(plan, version=PlanVersion, new=[Commitment])`: a version of the plan was published;
  `new` are the commitments published for the first time.
- `completion_changed(commitment, old=str, new=str)`: a commitment's completion level changed.
"""
from blinker import Namespace

_signals = Namespace()
plan_published = _signals.signal("commitments.plan_published")
completion_changed = _signals.signal("commitments.completion_changed")
