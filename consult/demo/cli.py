"""`flask --app wsgi demo`: load the demo data and say how to sign in."""
from __future__ import annotations

import os

import click
from flask.cli import with_appcontext

from consult.consultations.services import current_phase
from consult.core import transactions
from consult.demo.loader import DemoResult, load_demo


def _print_accounts(result: DemoResult, with_passwords: bool) -> None:
    width = max(len(a.user.email) for a in result.accounts)
    for account in result.accounts:
        user = account.user
        who = user.role + (f", {user.affiliation}" if user.role == "member" and user.affiliation else "")
        line = f"  {user.email:<{width}}  {who:<28}"
        if with_passwords:
            line += f"  {account.password or '(unchanged)'}"
        click.echo(line.rstrip())


@click.command("demo")
@click.option("--reset-passwords", is_flag=True,
              help="Give every demo account a new generated password and print it.")
@with_appcontext
def demo_command(reset_passwords: bool) -> None:
    """Load the demo consultation, its workshops, proposals and accounts (running it again changes nothing)."""
    result = load_demo(reset_passwords=reset_passwords)
    transactions.commit()
    consultation = result.consultation
    phase = current_phase(consultation)
    if result.created["consultation"] or result.created["proposals"] or result.created["workshops"]:
        click.echo(f"Demo loaded: consultation #{consultation.id} \"{consultation.title.get('en', '')}\", "
                   f"{result.created['workshops']} workshops and {result.created['proposals']} proposals added.")
    else:
        click.echo("The demo data is already loaded: nothing was added.")
    if phase:
        click.echo(f"Current phase: {phase.kind}, {phase.starts_on} to {phase.ends_on}.")
    url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
    shown = any(account.password for account in result.accounts)
    if shown:
        click.echo(f"\nSign in at {url}/accounts/login with these accounts. The passwords are shown only "
                   "now; only their hashes are stored:")
        _print_accounts(result, with_passwords=True)
    else:
        click.echo(f"\nThe demo accounts already exist (sign in at {url}/accounts/login):")
        _print_accounts(result, with_passwords=False)
        click.echo("Their passwords were printed when they were created. To get new ones:\n"
                   "  flask --app wsgi demo --reset-passwords")


commands = [demo_command]
