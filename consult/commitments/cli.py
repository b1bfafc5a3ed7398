"""`flask commitments export|import-progress`: the spreadsheet round trip from the command line."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from consult.commitments import plans, sheets
from consult.commitments.errors import CommitmentError
from consult.commitments.sources import Consultation
from consult.core import transactions
from consult.core.extensions import db
from consult.core.inputs import CLI_ID
from consult.core.languages import LANGUAGES, in_language

group = AppGroup("commitments", help="Action plans: commitments and their follow-up.")


def _plan(consultation_id: int):
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None:
        raise click.BadParameter(f"no consultation has the id {consultation_id}.", param_hint="--consultation")
    plan = plans.plan_of(consultation)
    if plan is None:
        raise click.BadParameter(f"consultation {consultation_id} has no action plan yet.", param_hint="--consultation")
    return plan


@group.command("export")
@click.option("--consultation", "consultation_id", type=CLI_ID, required=True, help="Consultation id.")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), required=True, help="FILE.xlsx")
@click.option("--lang", type=click.Choice(LANGUAGES), default="ar", show_default=True)
def export_command(consultation_id: int, output: str, lang: str) -> None:
    """Write the plan's commitments and milestones as XLSX, with empty columns for progress."""
    Path(output).write_bytes(sheets.export_xlsx(_plan(consultation_id), lang))
    click.echo(f"Written: {output}")


@group.command("import-progress")
@click.option("--consultation", "consultation_id", type=CLI_ID, required=True, help="Consultation id.")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True, help="Language of the report.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def import_command(consultation_id: int, file: str, lang: str) -> None:
    """Record the progress filled in a workbook. Any refused row: nothing is changed, exit code 2."""
    plan = _plan(consultation_id)
    path = Path(file)
    with in_language(lang):
        if path.stat().st_size > sheets.MAX_BYTES:
            click.echo(f"refused: the file is larger than {sheets.MAX_BYTES // (1024 * 1024)} MB.", err=True)
            sys.exit(2)
        try:
            report = sheets.import_progress(plan, path.read_bytes(), None)
        except CommitmentError as error:
            transactions.rollback()
            click.echo(f"refused: {error.message}", err=True)
            sys.exit(2)
        for row in report.rows:
            if row.outcome != "unchanged":
                line = f"{row.sheet} row {row.number}: {row.outcome}"
                if row.commitment is not None:
                    line += f" (commitment {row.commitment})"
                click.echo(line + (f" — {'; '.join(row.reasons)}" if row.reasons else ""))
        if report.refused:
            transactions.rollback()
            click.echo(f"{len(report.refused)} rows refused: nothing was changed.", err=True)
            sys.exit(2)
        transactions.commit()
        click.echo(f"{report.recorded} updates recorded, {report.count('skipped')} rows already recorded.")


commands = [group]
