"""The feedback service as a piccolo app: its tables and its migrations."""

import pathlib

from piccolo.conf.apps import AppConfig, table_finder

from .platform_tables import IdempotencyRecord, OutboxEvent, ProcessedEvent

TABLE_MODULES = [
    "services.feedback.directory.tables",
    "services.feedback.privacy.tables",
    "services.feedback.intake.tables",
    "services.feedback.complaints.tables",
    "services.feedback.loyalty.tables",
    "services.feedback.recognition.tables",
    "services.feedback.notifications.tables",
    "services.feedback.team.tables",
]

APP_CONFIG = AppConfig(
    app_name="feedback",
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
