"""The learning service as a piccolo app: its tables and its migrations."""

import pathlib

from piccolo.conf.apps import AppConfig, table_finder

from .platform_tables import IdempotencyRecord, OutboxEvent, ProcessedEvent

TABLE_MODULES = [
    "services.learning.directory.tables",
    "services.learning.lessons.tables",
    "services.learning.values.tables",
    "services.learning.assignments.tables",
    "services.learning.progress.tables",
    "services.learning.scenarios.tables",
    "services.learning.exports.tables",
    "services.learning.teams.tables",
    "services.learning.reminders.tables",
]

APP_CONFIG = AppConfig(
    app_name="learning",
    migrations_folder_path=str(pathlib.Path(__file__).parent / "migrations"),
    table_classes=[
        OutboxEvent,
        ProcessedEvent,
        IdempotencyRecord,
        *table_finder(modules=TABLE_MODULES, exclude_imported=True),
    ],
    migration_dependencies=[],
    commands=[],
)
