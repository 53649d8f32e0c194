"""Shared pieces of the services' command lines."""

from __future__ import annotations

import asyncio
import functools
import pathlib

import click

from . import database
from .settings import get_settings


def with_database(fn):
    """Run an async command with the database prepared and the pool open."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        async def run():
            import piccolo_conf  # noqa: F401  (binds the engine the tables use)
            from piccolo.engine import engine_finder

            settings = get_settings()
            await database.prepare(settings)
            engine = engine_finder()
            await database.open_pool(engine, settings)
            try:
                return await fn(*args, **kwargs)
            finally:
                await database.close_pool(engine)

        return asyncio.run(run())

    return wrapper


def add_common_commands(group: click.Group, build_schema, release_steps=None) -> None:
    """`migrate`, `release` and `export-schema` for a service's command group. `release_steps`: an async function
    doing the service's own idempotent data steps of a release (after the migrations), returning what it did."""

    @group.command()
    @with_database
    async def migrate() -> None:
        """Apply the database migrations (every service's), under the release lock."""
        from . import migrations

        async with migrations.release_lock(database.database_url(get_settings()), on_wait=click.echo):
            await migrations.migrate()

    @group.command()
    @click.option("--timeout", "timeout_seconds", default=1200.0, show_default=True,
                  help="Seconds to wait for another process holding the release lock.")
    @with_database
    async def release(timeout_seconds: float) -> None:
        """Prepare the database for this release: migrations, then this service's data steps, under the release
        lock (what every Kubernetes pod runs first; many at once wait for one another)."""
        from . import migrations

        url = database.database_url(get_settings())
        async with migrations.release_lock(url, timeout_seconds=timeout_seconds, on_wait=click.echo):
            await migrations.migrate()
            if release_steps is not None:
                click.echo(await release_steps())
        click.echo("release: database ready")

    @group.command("export-schema")
    @click.argument("path", type=click.Path(dir_okay=False, path_type=pathlib.Path))
    def export_schema(path: pathlib.Path) -> None:
        """Write the service's GraphQL SDL (schema/<service>.graphql is made this way)."""
        path.write_text(build_schema().as_str() + "\n", encoding="utf-8")

    @group.command("persist-documents")
    def persist_documents() -> None:
        """Write gateway/persisted-documents.json and frontend/src/graphql/documents.ts from frontend/operations/."""
        from .graphql.persisted import generated_files

        for path, text in generated_files().items():
            path.write_text(text, encoding="utf-8")
            click.echo(f"wrote {path}")
