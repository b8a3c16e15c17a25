"""``flask audit``: check the keyed chain of the audit log against its signed checkpoints."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from kiosk.domain.audit import Checkpoint, public_key_hex
from kiosk.services.audit import AuditError
from kiosk.wiring import services

audit_cli = AppGroup("audit", help="The tamper-evident audit log.")


@audit_cli.command("verify")
@click.option("--checkpoint", "given", default=None, metavar="JSON",
              help="a checkpoint line kept elsewhere (the daily report, the system log); "
                   "default: the last one in AUDIT_CHECKPOINT_FILE")
def verify(given: str | None) -> None:
    """Recompute the chain and check it passes through the last checkpoint; exit 1 naming the first break."""
    try:
        against = Checkpoint.from_json(given) if given else None
    except (ValueError, KeyError, TypeError) as exc:
        raise click.BadParameter(f"not a checkpoint: {exc}", param_hint="--checkpoint") from None
    result = services().audit.verify(against)
    if result.ok:
        through = (f", through the checkpoint of {result.checkpoint.at} (entry {result.checkpoint.seq})"
                   if result.checkpoint else ", no checkpoint yet")
        click.echo(f"audit chain intact: {result.entries} entries{through}")
        return
    click.echo(f"audit chain broken at entry {result.broken.seq}: {result.broken.problem}", err=True)
    raise SystemExit(1)


@audit_cli.command("checkpoint")
def checkpoint() -> None:
    """Sign the head of the chain now and append it to AUDIT_CHECKPOINT_FILE (the scheduler does it hourly)."""
    try:
        point = services().audit.checkpoint()
    except AuditError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(point.to_json())


@audit_cli.command("public-key")
def public_key() -> None:
    """This kiosk's checkpoint-signing public key (hex), to check its checkpoints elsewhere."""
    click.echo(public_key_hex(services().audit.signer.public_key()))


@audit_cli.command("show")
@click.option("--subject", default=None, help="e.g. application:12")
@click.option("--limit", default=50, show_default=True)
def show(subject: str | None, limit: int) -> None:
    """The newest entries, newest first."""
    for e in services().audit.entries(subject, limit):
        click.echo(f"{e.seq:>7} {e.at} {e.actor:<16} {e.action:<10} {e.subject:<20} {e.details}")
