"""The CSV export: one row per lesson session, produced entirely by PostgreSQL (`COPY (SELECT ...) TO STDOUT`).

Why raw SQL: the rows go from the server's COPY stream straight into the file, so memory stays flat and Python
does no per-row work. Everything a row needs is computed in the SELECT: times in the employee's zone with their
offset (DST included, from PostgreSQL's zone data), the lesson title in the employee's language, and cells a
spreadsheet would run as a formula neutralised.
"""

from __future__ import annotations

from .selection import S, SESSIONS_FROM, Selection

UTF8_BOM = b"\xef\xbb\xbf"
# Cells starting with these run as a formula in Excel, LibreOffice and Google Sheets (CSV injection): such a
# cell gets a leading apostrophe, which spreadsheets show as text and do not display.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
COLUMNS = (
    "hr_id",
    "name",
    "email",
    "role_family",
    "job_title",
    "manager_hr_id",
    "lesson_id",
    "lesson_title",
    "topic",
    "local_date",
    "started_at",
    "completed_at",
    "minutes",
    "score",
    "items_right",
    "items",
    "passed",
    "xp",
)


def _sql_text(value: str) -> str:
    return (
        "E'"
        + value.replace("\\", "\\\\").replace("'", "\\'").replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")
        + "'"
    )


_STARTS = ", ".join(_sql_text(c) for c in FORMULA_STARTS)


def text_cell(expression: str) -> str:
    """A text cell a spreadsheet shows as text, never runs."""
    return f"CASE WHEN left({expression}, 1) IN ({_STARTS}) THEN '''' || {expression} ELSE {expression} END"


def local_instant(utc: str, local: str) -> str:
    """ISO 8601 with the zone's offset at that instant: `local` is `utc` AT TIME ZONE the employee's zone."""
    offset = f"extract(epoch FROM {local} - ({utc} AT TIME ZONE 'UTC'))::int"
    return (
        f"to_char({local}, 'YYYY-MM-DD\"T\"HH24:MI:SS') || CASE WHEN {offset} < 0 THEN '-' ELSE '+' END "
        f"|| to_char(make_interval(secs => abs({offset})), 'HH24:MI')"
    )


def select_sql(selection: Selection) -> tuple[str, list]:
    """The SELECT the file is made of, with its arguments; ordered by day, person, start."""
    args: list = []
    where = selection.sessions(args)
    title = "coalesce(l.content->'title'->>e.locale, l.content->'title'->>'en')"
    sql = f"""
SELECT
  {text_cell('e.hr_id')} AS hr_id,
  {text_cell('e.name')} AS name,
  {text_cell('e.email')} AS email,
  {text_cell('e.role_family')} AS role_family,
  {text_cell('e.job_title')} AS job_title,
  {text_cell('m.hr_id')} AS manager_hr_id,
  {text_cell('s.lesson')} AS lesson_id,
  {text_cell(title)} AS lesson_title,
  l.topic AS topic,
  to_char(s.local_date, 'YYYY-MM-DD') AS local_date,
  {local_instant('s.started_at', 'z.started_local')} AS started_at,
  {local_instant('s.completed_at', 'z.completed_local')} AS completed_at,
  round(extract(epoch FROM s.completed_at - s.started_at) / 60.0, 1) AS minutes,
  CASE WHEN s.completed_at IS NOT NULL
       THEN round(s.correct_count::numeric / nullif(cardinality(s.item_ids), 0), 2) END AS score,
  s.correct_count AS items_right,
  cardinality(s.item_ids) AS items,
  CASE WHEN s.completed_at IS NULL THEN '' WHEN s.passed THEN 'true' ELSE 'false' END AS passed,
  s.xp_awarded + coalesce((SELECT sum(a.xp_awarded) FROM {S}.item_answer a WHERE a.session = s.id), 0) AS xp
{SESSIONS_FROM}
LEFT JOIN {S}.employee m ON m.id = e.manager
CROSS JOIN LATERAL (
  SELECT s.started_at AT TIME ZONE e.time_zone AS started_local,
         s.completed_at AT TIME ZONE e.time_zone AS completed_local
) z
WHERE {where}
ORDER BY s.local_date, e.hr_id, s.started_at, s.id"""
    return sql, args


def copy_sql(selection: Selection) -> tuple[str, list]:
    """What to hand to COPY: the SELECT (the CSV header comes from its column names)."""
    return select_sql(selection)
