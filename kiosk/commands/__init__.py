"""Flask CLI commands: ``flask --app kiosk <command>``."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from kiosk.storage.migrate import upgrade
from kiosk.wiring import services

staff_cli = AppGroup("staff", help="Staff accounts.")


@click.command("init-db")
def init_db() -> None:
    """Create or upgrade the database schema to the newest migration."""
    upgrade(services().db.engine, keyring=services().keys, scans=services().scans)
    click.echo(f"database ready: {services().db.engine.url.render_as_string(hide_password=True)}")


@staff_cli.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice(["reviewer", "locker_operator", "supervisor", "admin"]), required=True)
@click.option("--name", "display_name", default="")
@click.password_option()
def create_user(username: str, role: str, display_name: str, password: str) -> None:
    """Create a staff user (the password is asked for twice, never echoed)."""
    try:
        services().staff.create_user(username, password, role, display_name)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    services().audit.record("cli", "create_user", f"staff:{username}", {"role": role})
    click.echo(f"created {username} ({role})")


@staff_cli.command("list")
def list_users() -> None:
    """Every staff account with its role and whether it may log in."""
    for user in services().staff.list_users():
        click.echo(f"{user.username:<20} {user.role:<16} {'active' if user.active else 'deactivated':<12} "
                   f"{user.display_name}")


@staff_cli.command("set-password")
@click.argument("username")
@click.password_option()
def set_password(username: str, password: str) -> None:
    """Give a staff user a new password; every open session of the account ends."""
    _change_account(username, "set_password", lambda: services().staff.set_password(username, password),
                    f"new password set for {username}; their sessions have ended")


@staff_cli.command("deactivate")
@click.argument("username")
def deactivate(username: str) -> None:
    """Stop a staff account from logging in; open sessions end at their next request."""
    _change_account(username, "deactivate", lambda: services().staff.set_active(username, False),
                    f"deactivated {username}")


def _change_account(username: str, action: str, change, done: str) -> None:
    """Apply ``change`` to the account, audit it and say so; a bad name or password is a plain error."""
    try:
        change()
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    services().audit.record("cli", action, f"staff:{username}")
    click.echo(done)


def register_commands(app: Flask) -> None:
    from kiosk.commands.audit import audit_cli
    from kiosk.commands.catalog import catalog_cli

    app.cli.add_command(init_db)
    app.cli.add_command(staff_cli)
    app.cli.add_command(catalog_cli)
    app.cli.add_command(audit_cli)
