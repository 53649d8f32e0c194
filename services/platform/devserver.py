"""`make run`: storage (embedded unless configured), migrations, content and demo data, then every service
and worker as child processes. Ctrl-C stops them all, then the embedded servers."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from dataclasses import dataclass

from . import database, embedded
from .settings import Settings, environment_with, get_settings


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    port_setting: str
    setup_commands: tuple[tuple[str, ...], ...]


SERVICES = (
    ServiceSpec(
        name="learning",
        port_setting="learning_port",
        setup_commands=(("migrate",), ("load-lessons",), ("load-demo",)),
    ),
    ServiceSpec(name="feedback", port_setting="feedback_port", setup_commands=(("seed-point-rules",),)),
)


def _storage_env(settings: Settings) -> dict[str, str]:
    if settings.embedded_database:
        embedded.start_postgres(settings)
    if settings.embedded_redis:
        redis_url = embedded.start_redis(settings)
    else:
        redis_url = settings.redis_url or ""
    return {"DATABASE_URL": database.database_url(settings), "REDIS_URL": redis_url}


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 10
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()


def main() -> None:
    settings = get_settings()
    print("Serviceloop: starting storage" + (" (embedded PostgreSQL and Redis)" if settings.embedded_database else ""))
    env = environment_with(**_storage_env(settings))
    import asyncio

    asyncio.run(database.ensure_database(env["DATABASE_URL"]))
    python = sys.executable
    for spec in SERVICES:
        for command in spec.setup_commands:
            subprocess.run([python, "-m", f"services.{spec.name}.cli", *command], env=env, check=True)
    processes: list[subprocess.Popen] = []
    # Children ignore Ctrl-C from the terminal; this process stops them in order.
    ignore = dict(start_new_session=True)
    try:
        for spec in SERVICES:
            port = getattr(settings, spec.port_setting)
            processes.append(
                subprocess.Popen(
                    [python, "-m", "uvicorn", f"services.{spec.name}.app:create_app", "--factory",
                     "--host", settings.host, "--port", str(port), "--no-access-log",
                     # the services read X-Forwarded-For themselves, from trusted proxies only
                     "--no-proxy-headers"],
                    env=env, **ignore,
                )
            )
            processes.append(subprocess.Popen([python, "-m", f"services.{spec.name}.worker"], env=env, **ignore))
        time.sleep(1.5)
        print("\nServiceloop is running:")
        for spec in SERVICES:
            port = getattr(settings, spec.port_setting)
            print(f"  {spec.name:<9} GraphQL + IDE  http://{settings.host}:{port}/graphql")
            print(f"  {spec.name:<9} health         http://{settings.host}:{port}/healthz  /readyz")
        print(f"  staff app      http://{settings.host}:{settings.learning_port}/app/")
        print(f"  customer form  http://{settings.host}:{settings.feedback_port}/feedback/?code=<code>  (codes: createPublicCode)")
        print(f"  data folder    {settings.data_dir}" if settings.embedded_database else "")
        print("\nDemo logins:")
        subprocess.run([python, "-m", "services.learning.cli", "demo-logins"], env=env, check=False)
        print("\nPress Ctrl-C to stop.")
        while all(p.poll() is None for p in processes):
            time.sleep(0.5)
        print("a service stopped unexpectedly; stopping the rest", file=sys.stderr)
    except KeyboardInterrupt:
        print("\nstopping...")
    finally:
        _stop(processes)
        embedded.stop_all()
        print("stopped.")


if __name__ == "__main__":
    main()
