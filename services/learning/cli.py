"""Learning service commands: `python -m services.learning.cli --help`."""

from __future__ import annotations

import pathlib
import sys

import click
from tqdm import tqdm

from services.platform.cli import add_common_commands, with_database
from services.platform.clock import SystemClock

DEMO_DIR = pathlib.Path(__file__).parent / "directory" / "demo"
DEMO_PASSWORD = "serviceloop-demo"


@click.group()
def cli() -> None:
    """Serviceloop learning service."""


add_common_commands(cli, lambda: __import__("services.learning.schema", fromlist=["build_schema"]).build_schema())


@cli.command("load-lessons")
@with_database
async def load_lessons() -> None:
    """Load the lesson catalogue from the content files (idempotent)."""
    from .lessons import catalogue

    report = await catalogue.load()
    click.echo(
        f"lessons: {len(report.created)} new, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged, {len(report.retired)} retired"
    )


@cli.command("import-org")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=pathlib.Path))
@click.option("--dry-run", is_flag=True, help="Only report what would change.")
@click.option("--deactivate-missing", is_flag=True, help="Deactivate active employees absent from the file.")
def import_org(csv_file: pathlib.Path, dry_run: bool, deactivate_missing: bool) -> None:
    """Import the org chart from a CSV file (all or nothing)."""
    ok = _import(csv_file.read_text(encoding="utf-8"), dry_run=dry_run, deactivate_missing=deactivate_missing)
    sys.exit(0 if ok else 1)


@with_database
async def _import(text: str, *, dry_run: bool, deactivate_missing: bool) -> bool:
    from .directory import importer

    bars: dict[str, tqdm] = {}

    def progress(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage) or bars.setdefault(stage, tqdm(total=total, desc=stage, unit="rows"))
        bar.n = done
        bar.refresh()

    report = await importer.run_import(
        text, dry_run=dry_run, deactivate_missing=deactivate_missing, now=SystemClock().now(), progress=progress
    )
    for bar in bars.values():
        bar.close()
    if report.errors:
        click.echo(f"{len(report.errors)} problem(s); nothing was imported:", err=True)
        for error in report.errors:
            click.echo(f"  line {error.line} [{error.hr_id or '-'}]: {error.message}", err=True)
        return False
    verb = "would change" if dry_run else "changed"
    click.echo(
        f"{verb}: {len(report.created)} new, {len(report.updated)} updated, {len(report.deactivated)} deactivated, "
        f"{len(report.reactivated)} reactivated, {report.unchanged} unchanged"
    )
    return True


@cli.command("load-demo")
@with_database
async def load_demo() -> None:
    """Load the demo organisation and its company values; every demo login gets the demo password."""
    from .directory import importer
    from .directory import service as directory
    from .directory.tables import Employee
    from .values import service as values
    from .values.tables import CompanyValue

    text = (DEMO_DIR / "org.csv").read_text(encoding="utf-8")
    report = await importer.run_import(text, dry_run=False, now=SystemClock().now())
    if report.errors:
        raise click.ClickException(f"demo org is invalid: {report.errors[:3]}")
    for row in await Employee.select(Employee.id).where(Employee.password_hash.is_null()):
        await directory.set_password(employee_id=row["id"], password=DEMO_PASSWORD)
    if not await CompanyValue.count():
        for draft in demo_values():
            await values.create(draft=draft)
    click.echo(f"demo org: {len(report.created)} new, {len(report.updated)} updated, {report.unchanged} unchanged")


def demo_values():
    from .values.service import ValueDraft

    return [
        ValueDraft(
            name="Hoolivus",
            meaning="Märkame inimest enne tehingut.",
            behaviours=["Tervitan klienti esimesena", "Küsin, kas sain murest õigesti aru"],
        ),
        ValueDraft(
            name="Vastutus",
            meaning="Iga lubadus on kellegi nimega.",
            behaviours=["Annan kliendile oma nime ja tähtaja", "Viin alustatud asja lõpuni"],
        ),
        ValueDraft(
            name="Kiirus",
            meaning="Kiire märkamine on pool lahendust.",
            behaviours=["Võtan kõne vastu esimese minuti jooksul", "Annan kohe teada, et tegelen murega"],
        ),
    ]


@cli.command("demo-logins")
@with_database
async def demo_logins() -> None:
    """Print one demo login per role."""
    from .directory.tables import Employee

    for role in ("admin", "hr", "manager", "employee"):
        row = await Employee.select(Employee.email, Employee.name, Employee.job_title).where(
            (Employee.role == role) & (Employee.active == True)  # noqa: E712
        ).order_by(Employee.hr_id).first()
        if row:
            click.echo(f"  {role:<9} {row['email']:<44} {row['name']} ({row['job_title']})")
    click.echo(f"  password for every demo login: {DEMO_PASSWORD}")


if __name__ == "__main__":
    cli()
