"""The feedback service's arq worker: `python -m services.feedback.worker [--check]`."""

from __future__ import annotations

from typing import Any

from services.platform import worker as platform_worker
from services.platform.clock import Clock
from services.platform.settings import Settings

from . import SERVICE
from .complaints import jobs as complaints
from .directory import jobs as directory
from .intake import jobs as intake
from .loyalty import jobs as loyalty
from .notifications import jobs as notifications
from .platform_tables import OUTBOX
from .privacy import jobs as privacy
from .recognition import jobs as recognition
from .team import jobs as team

# Importing the jobs modules registers their event handlers on OUTBOX.
JOB_MODULES = (directory, intake, complaints, loyalty, recognition, privacy, notifications, team)


def options(redis_url: str, settings: Settings, clock: Clock | None = None) -> dict[str, Any]:
    return platform_worker.worker_options(
        service=SERVICE,
        outbox=OUTBOX,
        redis_url=redis_url,
        settings=settings,
        clock=clock,
        functions=[f for m in JOB_MODULES for f in m.FUNCTIONS],
        cron_jobs=[c for m in JOB_MODULES for c in m.CRON_JOBS],
    )


if __name__ == "__main__":
    platform_worker.main(SERVICE, options)
