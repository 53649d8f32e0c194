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


async def _load_lessons() -> str:
    """Load the lesson catalogue from the content files (idempotent); what changed."""
    from .lessons import catalogue

    report = await catalogue.load()
    return (
        f"lessons: {len(report.created)} new, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged, {len(report.retired)} retired"
    )


add_common_commands(
    cli,
    lambda: __import__("services.learning.schema", fromlist=["build_schema"]).build_schema(),
    release_steps=_load_lessons,
)


@cli.command("load-lessons")
@with_database
async def load_lessons() -> None:
    """Load the lesson catalogue from the content files (idempotent)."""
    click.echo(await _load_lessons())


@cli.command("import-org")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=pathlib.Path))
@click.option("--dry-run", is_flag=True, help="Only report what would change.")
@click.option("--deactivate-missing", is_flag=True, help="Deactivate active employees absent from the file.")
@click.option("--no-invitations", is_flag=True, help="Do not e-mail new hires an invitation to set their password.")
def import_org(csv_file: pathlib.Path, dry_run: bool, deactivate_missing: bool, no_invitations: bool) -> None:
    """Import the org chart from a CSV file (all or nothing)."""
    ok = _import(
        csv_file.read_text(encoding="utf-8"),
        dry_run=dry_run,
        deactivate_missing=deactivate_missing,
        invite_new=not no_invitations,
    )
    sys.exit(0 if ok else 1)


@with_database
async def _import(text: str, *, dry_run: bool, deactivate_missing: bool, invite_new: bool) -> bool:
    from .directory import importer

    bars: dict[str, tqdm] = {}

    def progress(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage) or bars.setdefault(stage, tqdm(total=total, desc=stage, unit="rows"))
        bar.n = done
        bar.refresh()

    # An operator at the command line (actor None) holds the database: the role rule does not restrict them,
    # and their role changes are audited with no `changed_by`.
    report = await importer.run_import(
        text,
        dry_run=dry_run,
        deactivate_missing=deactivate_missing,
        now=SystemClock().now(),
        progress=progress,
        invite_new=invite_new,
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
        f"{len(report.reactivated)} reactivated, {report.unchanged} unchanged, {len(report.invited)} invited"
    )
    return True


@cli.command("export-training")
@click.option("--format", "fmt", type=click.Choice(["csv", "xapi-1.0.3", "xapi-2.0"]), default="csv", show_default=True)
@click.option("--from", "from_date", type=click.DateTime(formats=["%Y-%m-%d"]), required=True, help="First day (local).")
@click.option("--to", "to_date", type=click.DateTime(formats=["%Y-%m-%d"]), required=True, help="First day not included.")
@click.option("--team-of", help="HR id: that employee and everyone below (default: everyone).")
@click.option("--topic", type=click.Choice(["time_management", "communication", "situations", "values"]))
@click.option("--bom", is_flag=True, help="CSV: start with a UTF-8 BOM (for Excel).")
def export_training(fmt, from_date, to_date, team_of, topic, bom) -> None:
    """Write training records (CSV or xAPI statements) to stdout, with a progress bar on stderr; audited."""
    ok = _export_training(
        format={"csv": "csv", "xapi-1.0.3": "xapi_1_0_3", "xapi-2.0": "xapi_2_0"}[fmt],
        from_date=from_date.date(),
        to_date=to_date.date(),
        team_of=team_of,
        topic=topic,
        bom=bom,
        out=sys.stdout.buffer,
    )
    sys.exit(0 if ok else 1)


@with_database
async def _export_training(*, format, from_date, to_date, team_of, topic, bom, out) -> bool:
    import uuid

    from services.platform.errors import DomainError
    from services.platform.settings import get_settings

    from .directory.tables import Employee
    from .exports import service as exports
    from .exports.selection import Selection

    try:
        exports.check_range(from_date=from_date, to_date=to_date)
    except DomainError as exc:
        raise click.BadParameter(exc.message) from exc
    scope_path = None
    if team_of:
        row = await Employee.select(Employee.id, Employee.org_path).where(Employee.hr_id == team_of).first()
        if row is None:
            raise click.BadParameter(f"no employee with HR id {team_of}", param_hint="--team-of")
        scope_path, team_of = row["org_path"], str(row["id"])
    selection = Selection(from_date=from_date, to_date=to_date, scope_path=scope_path, topic=topic)
    filters = {"from": from_date.isoformat(), "to": to_date.isoformat(), "team_of": team_of, "topic": topic, "excel_bom": bom}
    export_id = uuid.uuid4()
    clock = SystemClock()
    # An operator at the command line (actor None) holds the database; the export is audited all the same.
    await exports.audit_start(export_id=export_id, actor=None, kind="export", format=format, filters=filters, now=clock.now())
    async with Employee._meta.db.pool.acquire() as conn:
        total = await exports.count_rows(conn, selection, format)
        bar = tqdm(total=total, unit="rows" if format == "csv" else "statements", file=sys.stderr)

        async def progress(n: int) -> None:
            bar.n = min(n, total)
            bar.refresh()

        try:
            if format == "csv":
                rows = await exports.write_csv(conn, selection, out, excel_bom=bom, progress=progress)
            else:
                vocabulary = await exports.vocabulary_for(get_settings(), format)
                rows = await exports.write_xapi(conn, selection, out, vocabulary=vocabulary, progress=progress)
            out.flush()
        except Exception as exc:
            await exports.audit_finish(export_id, outcome="failed", rows=None, at=clock.now(), error=str(exc)[:1000])
            raise
        finally:
            bar.close()
    await exports.audit_finish(export_id, outcome="done", rows=rows, at=clock.now(), error=None)
    click.echo(f"{rows} {'rows' if format == 'csv' else 'statements'} written", err=True)
    return True


@cli.command("rebuild-team-rollups")
@with_database
async def rebuild_team_rollups() -> None:
    """Build the kept team figures again from the base rows (after a restore or rows loaded around the service),
    and the teams' mastery."""
    from .teams import mastery, rollups

    people = await rollups.rebuild()
    await mastery.refresh(now=SystemClock().now())
    click.echo(f"team rollups rebuilt for {people} people")


@cli.command("load-demo")
@with_database
async def load_demo() -> None:
    """Load the demo organisation and its company values; the demo org's own logins get the demo password."""
    from services.platform.settings import get_settings

    from .directory import importer
    from .values import service as values
    from .values.tables import CompanyValue

    if get_settings().is_production:
        raise click.ClickException("the demo organisation (with its public password) is not loaded in production")
    text = (DEMO_DIR / "org.csv").read_text(encoding="utf-8")
    report = await importer.run_import(text, dry_run=False, now=SystemClock().now())
    if report.errors:
        raise click.ClickException(f"demo org is invalid: {report.errors[:3]}")
    await give_demo_passwords(text)
    if not await CompanyValue.count():
        for draft in demo_values():
            await values.create(draft=draft)
    click.echo(f"demo org: {len(report.created)} new, {len(report.updated)} updated, {report.unchanged} unchanged")


async def give_demo_passwords(text: str) -> int:
    """The public demo password, for the demo file's own people who have none yet: never anyone HR imported
    (they get an invitation), and never a demo login whose password was changed. Returns how many."""
    import csv
    import io

    from .directory import service as directory
    from .directory.tables import Employee

    emails = [row["email"].strip().lower() for row in csv.DictReader(io.StringIO(text))]
    rows = await Employee.select(Employee.id).where(
        Employee.email.is_in(emails) & Employee.password_hash.is_null()
    )
    for row in rows:
        await directory.set_password(employee_id=row["id"], password=DEMO_PASSWORD)
    return len(rows)


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
    """Print one demo login per role (from the demo org's own people: only they have the demo password)."""
    import csv

    from .directory.tables import Employee

    with (DEMO_DIR / "org.csv").open(encoding="utf-8") as handle:
        emails = [row["email"].strip().lower() for row in csv.DictReader(handle)]
    for role in ("admin", "hr", "manager", "employee"):
        row = await Employee.select(Employee.email, Employee.name, Employee.job_title).where(
            (Employee.role == role) & (Employee.active == True) & Employee.email.is_in(emails)  # noqa: E712
        ).order_by(Employee.hr_id).first()
        if row:
            click.echo(f"  {role:<9} {row['email']:<44} {row['name']} ({row['job_title']})")
    click.echo(f"  password for every demo login: {DEMO_PASSWORD}")


if __name__ == "__main__":
    cli()
