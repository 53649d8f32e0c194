"""Feedback service commands: `python -m services.feedback.cli --help`."""

from __future__ import annotations

import click

from services.platform.cli import add_common_commands, with_database


@click.group()
def cli() -> None:
    """Serviceloop feedback service."""


async def _seed_point_rules() -> str:
    """Store the default point rules not stored yet (safe to run again; admin changes are kept); how many."""
    from .recognition.rules import seed_defaults

    return f"point rules: {await seed_defaults()} default(s) stored"


add_common_commands(
    cli,
    lambda: __import__("services.feedback.schema", fromlist=["build_schema"]).build_schema(),
    release_steps=_seed_point_rules,
)


@cli.command("backfill-directory")
@with_database
async def backfill_directory() -> None:
    """Ask the learning service to announce every employee again; the worker rebuilds the replica from them."""
    from services.platform.outbox.service import publish

    from .platform_tables import OUTBOX

    async with OUTBOX.events._meta.db.transaction():
        await publish(OUTBOX, topic="directory.backfill_requested", payload={})
    click.echo("backfill requested: the learning worker re-announces the directory, the feedback worker applies it")


@cli.command("publish-practice-cases")
@with_database
async def publish_practice_cases() -> None:
    """Send the learning service the practice case of every resolved or closed complaint (once after upgrading,
    for complaints resolved before cases were sent; learning keeps the newest revision, so a repeat is harmless)."""
    from .complaints import service

    async with _outbox_transaction():
        sent = await service.publish_all_practice_cases()
    click.echo(f"practice cases: {sent} sent; the workers deliver them to the learning service")


@cli.command("seed-point-rules")
@with_database
async def seed_point_rules() -> None:
    """Store the default point rules not stored yet (safe to run again; admin changes are kept)."""
    click.echo(await _seed_point_rules())


def _outbox_transaction():
    from .platform_tables import OUTBOX

    return OUTBOX.events._meta.db.transaction()


@cli.command("rebuild-team-figures")
@with_database
async def rebuild_team_figures() -> None:
    """Compute the kept team figures again from the ledger, breaches, outcomes and complaints (stop the worker first)."""
    from .team.service import rebuild

    await rebuild()
    click.echo("team figures rebuilt")


if __name__ == "__main__":
    cli()
