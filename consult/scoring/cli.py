"""`flask scoring export --consultation ID`: scores, agreement and aggregates as JSON, without names."""
from __future__ import annotations

import json

import click
from flask.cli import AppGroup

from consult.consultations.models import Consultation
from consult.core.extensions import db
from consult.core.inputs import CLI_ID
from consult.scoring import services

scoring_group = AppGroup("scoring", help="Working-group scoring.")


@scoring_group.command("export")
@click.option("--consultation", "consultation_id", type=CLI_ID, required=True, help="Consultation id.")
def export_command(consultation_id: int) -> None:
    """Print the scores (members as pseudonyms), Krippendorff's alpha and the theme aggregates."""
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None:
        raise click.BadParameter(f"no consultation has the id {consultation_id}.", param_hint="--consultation")
    # Reads only (the default rubric is computed, not stored): nothing to commit.
    click.echo(json.dumps(services.export(consultation), ensure_ascii=False, indent=2))


commands = [scoring_group]
