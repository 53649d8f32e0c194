"""Given-helpers for tests on real processes: the learning API (uvicorn) and worker started as a deployment starts
them, in production mode, and waiting on them."""

from __future__ import annotations

import asyncio
import os
import pathlib
import subprocess
import sys
import time

import httpx
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
SECRETS = {
    "SERVICELOOP_JWT_SECRET": "access-token-key-of-the-production-test-0123456789",
    "SERVICELOOP_LINK_TOKEN_SECRET": "link-token-key-of-the-production-test-0123456789",
    "SERVICELOOP_GATEWAY_SECRET": "gateway-key-of-the-production-test-0123456789",
}
RESET = "mutation RequestReset($email: String!) { requestPasswordReset(input: {email: $email}) { accepted } }"


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(storage: dict, **overrides: str) -> dict[str, str]:
    from .support import throwaway_vapid_key

    return {
        **os.environ,
        **SECRETS,
        # Production refuses to start the learning API and worker without the key reminders are pushed with.
        "SERVICELOOP_VAPID_PRIVATE_KEY": throwaway_vapid_key(),
        "SERVICELOOP_ENV": "production",
        "DATABASE_URL": storage["database_url"],
        "REDIS_URL": storage["redis_url"],
        "SERVICELOOP_APP_BASE_URL": "http://127.0.0.1/app",
        "SERVICELOOP_PUBLIC_BASE_URL": "http://127.0.0.1/feedback",
        "SERVICELOOP_LOG_LEVEL": "INFO",
        # spans leave the process within 0.1 s (the default batches for 5 s)
        "OTEL_BSP_SCHEDULE_DELAY": "100",
        **overrides,
    }


def start_api(env: dict[str, str], port: int, log: pathlib.Path) -> subprocess.Popen:
    """The learning API as the deployment starts it."""
    return subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "services.learning.app:create_app", "--factory", "--host", "127.0.0.1",
         "--port", str(port), "--no-access-log", "--no-proxy-headers"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log.open("wb"),
    )


def start_worker(env: dict[str, str], log: pathlib.Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "services.learning.worker"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=log.open("wb"))


def wait_until(check, process: subprocess.Popen | None, what: str, timeout: float = 60.0):
    """`check()`'s first true result, failing when `process` (if given) exits or the time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            pytest.fail(f"{what}: the process exited with {process.returncode}")
        try:
            result = check()
            if result:
                return result
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    pytest.fail(f"{what}: not within {timeout} s")


async def eventually(check, process: subprocess.Popen | None, what: str, timeout: float = 30.0):
    """`await check()`'s first true result, polled every 0.05 s; fails as `wait_until` does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            pytest.fail(f"{what}: the process exited with {process.returncode}")
        result = await check()
        if result:
            return result
        await asyncio.sleep(0.05)
    pytest.fail(f"{what}: not within {timeout} s")


def stop(*processes: subprocess.Popen) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


