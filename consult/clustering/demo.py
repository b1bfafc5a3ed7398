"""The demo's grouping: called by the demo loader once its proposals (and the locked themes of
the demo's scored themes) exist. Flushes; the caller commits."""
from __future__ import annotations

from consult.clustering import runs
from consult.clustering.models import ClusteringRun


def run_demo_clustering(consultation, actor=None, *, k: int | None = None,
                        granularity: float = 1.0) -> ClusteringRun:
    """Group the consultation now, synchronously (locked themes keep their proposals)."""
    run = runs.start_run(consultation, k=k, granularity=granularity, actor=actor, source="demo")
    return runs.execute_run(run)
