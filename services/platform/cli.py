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


def add_common_commands(group: click.Group, build_schema) -> None:
    """`migrate` and `export-schema` for a service's command group."""

    @group.command()
    @with_database
    async def migrate() -> None:
        """Apply the database migrations (every service's)."""
        from . import migrations

        await migrations.migrate()

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
