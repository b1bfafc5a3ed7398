"""`flask --app wsgi shortlist export`: write a workshop's or a consultation's shortlist to a file."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from consult.consultations import services as consultations
from consult.consultations.models import Consultation
from consult.core.extensions import db
from consult.core.inputs import CLI_ID
from consult.core.languages import LANGUAGES
from consult.shortlist import exports
from consult.workshops import services

shortlist_group = AppGroup("shortlist", help="Shortlists of workshops and consultations.")


@shortlist_group.command("export")
@click.option("--consultation", "consultation_id", type=CLI_ID,
              help="Consultation id (default: the most recent one, or the workshop's).")
@click.option("--workshop", "workshop_id", type=CLI_ID, help="Workshop id: only that workshop's shortlist.")
@click.option("--format", "fmt", type=click.Choice(exports.FORMATS), required=True, help="File format.")
@click.option("--lang", "language", type=click.Choice(LANGUAGES), default="ar", show_default=True,
              help="Language of headers and labels.")
@click.option("--output", type=click.Path(dir_okay=False, writable=True, path_type=Path), required=True,
              help="File to write.")
def export_command(consultation_id, workshop_id, fmt, language, output):
    """Export a shortlist as XLSX, CSV, PDF or JSON (public fields only)."""
    workshop = None
    if workshop_id is not None:
        workshop = services.get_workshop(workshop_id)
        if workshop is None:
            raise click.BadParameter(f"no workshop has the id {workshop_id}.", param_hint="--workshop")
    if consultation_id is not None:
        consultation = db.session.get(Consultation, consultation_id)
        if consultation is None:
            raise click.BadParameter(f"no consultation has the id {consultation_id}.",
                                     param_hint="--consultation")
        if workshop is not None and workshop.consultation_id != consultation.id:
            raise click.BadParameter(f"workshop {workshop.id} belongs to consultation "
                                     f"{workshop.consultation_id}, not {consultation.id}.", param_hint="--workshop")
    elif workshop is not None:
        consultation = workshop.consultation
    else:
        consultation = consultations.latest_consultation()
        if consultation is None:
            raise click.UsageError("there is no consultation yet: create one (or load the demo) first.")
    export = exports.build(consultation, workshop, language)
    try:
        output.write_bytes(exports.render(export, fmt))
    except OSError as error:
        raise click.FileError(str(output), hint=error.strerror) from error
    scope = f"workshop {workshop.code}" if workshop else f"consultation {consultation.id}"
    click.echo(f"Wrote the shortlist of {scope} ({len(export.rows)} themes, "
               f"{len(export.proposal_rows)} proposals, {fmt}, {language}) to {output}.")


commands = [shortlist_group]
