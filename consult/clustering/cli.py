"""`flask --app wsgi clustering run --consultation ID [--k K] [--granularity G]`: group in the foreground."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from consult.clustering import jobs, runs
from consult.clustering.common import ClusteringError
from consult.consultations.models import Consultation
from consult.core import transactions
from consult.core.extensions import db
from consult.core.inputs import CLI_ID

clustering_group = AppGroup("clustering", help="Group the proposals of a consultation into themes.")


@clustering_group.command("run")
@click.option("--consultation", "consultation_id", type=CLI_ID, required=True, help="Consultation id.")
@click.option("--k", type=click.IntRange(1, runs.K_MAX), default=None,
              help="Number of new themes (default: found automatically).")
@click.option("--granularity", type=click.FloatRange(*runs.GRANULARITY_RANGE), default=1.0,
              show_default=True, help="> 1 for finer themes, < 1 for coarser ones.")
def run_command(consultation_id: int, k: int | None, granularity: float) -> None:
    """Group now, printing the progress; locked themes keep their proposals."""
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None:
        raise click.BadParameter(f"no consultation with id {consultation_id}.", param_hint="--consultation")
    try:
        run = runs.start_run(consultation, k=k, granularity=granularity, source="cli")
    except ClusteringError as error:
        raise click.ClickException(error.message) from error
    transactions.commit()
    click.echo(f"run {run.id}: consultation {consultation_id}, k={k or 'auto'}, granularity={granularity}, "
               f"algorithm {run.algorithm_version}, code {run.code_version or 'unknown'}")

    def echo(current):
        click.echo(f"  [{current.progress:>4.0%}] {current.stage}")

    run = jobs.run_in_foreground(run.id, echo)
    if run.status != "done":
        raise click.ClickException(f"run {run.id} failed: {run.error}")
    click.echo(f"run {run.id} done in {run.duration_seconds:.1f} s: {run.n_proposals} proposals, "
               f"{run.n_themes} themes ({run.n_locked} locked), {run.n_embedded} embedded, "
               f"{run.n_grouped} newly grouped, {run.n_duplicates} near-duplicate pairs to review")


commands = [clustering_group]
