"""`flask --app wsgi report self-assessment`: write a consultation's self-assessment report to a file."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from consult.core.extensions import db
from consult.core.inputs import CLI_ID
from consult.core.languages import LANGUAGES
from consult.reports import document, outputs
from consult.reports.sources import Consultation

group = AppGroup("report", help="Self-assessment reports.")


@group.command("self-assessment")
@click.option("--consultation", "consultation_id", type=CLI_ID, required=True, help="Consultation id.")
@click.option("--format", "fmt", type=click.Choice(outputs.FORMATS), required=True, help="File format.")
@click.option("--lang", "language", type=click.Choice(LANGUAGES), default="ar", show_default=True,
              help="Language of the report.")
@click.option("--output", type=click.Path(dir_okay=False, writable=True, path_type=Path), required=True,
              help="File to write.")
def self_assessment_command(consultation_id: int, fmt: str, language: str, output: Path) -> None:
    """Generate the report from the data (published or not: the command is the operator's) as PDF or DOCX."""
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None:
        raise click.BadParameter(f"no consultation has the id {consultation_id}.", param_hint="--consultation")
    built = document.build(consultation, language)
    try:
        output.write_bytes(outputs.render(built, fmt))
    except OSError as error:
        raise click.FileError(str(output), hint=error.strerror) from error
    click.echo(f"Wrote the self-assessment report of consultation {consultation.id} "
               f"({len(built.sections)} sections, {fmt}, {language}) to {output}.")


commands = [group]
