"""arq jobs and event handlers of this domain."""

FUNCTIONS: list = []
CRON_JOBS: list = []
