"""The learning service's arq worker: `python -m services.learning.worker [--check]`."""

from __future__ import annotations

from typing import Any

from services.platform import worker as platform_worker
from services.platform.clock import Clock
from services.platform.settings import Settings

from . import SERVICE
from .assignments import jobs as _assignment_jobs  # noqa: F401  (registers event handlers)
from .directory import jobs as _directory_jobs  # noqa: F401  (registers event handlers)
from .exports import jobs as exports
from .platform_tables import OUTBOX
from .progress import jobs as _progress_jobs  # noqa: F401  (registers event handlers)
from .reminders import jobs as reminders
from .reminders import vapid
from .scenarios import jobs as _scenario_jobs  # noqa: F401  (registers event handlers)
from .teams import jobs as _team_jobs  # noqa: F401  (registers event handlers)


def options(redis_url: str, settings: Settings, clock: Clock | None = None) -> dict[str, Any]:
    # The worker signs the reminders' pushes: production refuses to start it without the VAPID key, as the API.
    vapid.load(settings)
    return platform_worker.worker_options(
        service=SERVICE,
        outbox=OUTBOX,
        redis_url=redis_url,
        settings=settings,
        clock=clock,
        functions=exports.FUNCTIONS,
        cron_jobs=[*exports.CRON_JOBS, *_team_jobs.CRON_JOBS, *reminders.CRON_JOBS],
    )


if __name__ == "__main__":
    platform_worker.main(SERVICE, options)
