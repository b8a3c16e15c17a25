"""``flask audit``: check the hash chain of the audit log."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from kiosk.wiring import services

audit_cli = AppGroup("audit", help="The tamper-evident audit log.")


@audit_cli.command("verify")
def verify() -> None:
    """Recompute the chain; exit 1 naming the first broken entry."""
    result = services().audit.verify()
    if result.ok:
        click.echo(f"audit chain intact: {result.entries} entries")
        return
    click.echo(f"audit chain broken at entry {result.broken.seq}: {result.broken.problem}", err=True)
    raise SystemExit(1)


@audit_cli.command("show")
@click.option("--subject", default=None, help="e.g. application:12")
@click.option("--limit", default=50, show_default=True)
def show(subject: str | None, limit: int) -> None:
    """The newest entries, newest first."""
    for e in services().audit.entries(subject, limit):
        click.echo(f"{e.seq:>7} {e.at} {e.actor:<16} {e.action:<10} {e.subject:<20} {e.details}")
