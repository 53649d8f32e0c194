"""`make run`: storage (embedded unless configured), migrations, content and demo data, then every service
and worker as child processes, each started again (with back-off) if it dies. Ctrl-C stops them all, then the
embedded servers."""

from __future__ import annotations

import json
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from . import database, embedded
from .settings import DEV_GATEWAY_SECRET, Settings, environment_with, get_settings


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


ROOT = pathlib.Path(__file__).resolve().parents[2]
GATEWAY_CLI = ROOT / "gateway" / "node_modules" / "@graphql-hive" / "gateway" / "dist" / "bin.js"
DEVELOPMENT_GATEWAY_SECRET = DEV_GATEWAY_SECRET
FRONTEND_DIST = ROOT / "frontend" / "dist"


def gateway_env(settings: Settings) -> dict[str, str]:
    """What the gateway child (gateway/gateway.config.mjs) and the services need to know of each other."""
    secret = settings.gateway_secret.get_secret_value() if settings.gateway_secret else DEVELOPMENT_GATEWAY_SECRET
    return {
        "SERVICELOOP_GATEWAY_SECRET": secret,
        "SERVICELOOP_LEARNING_URL": f"http://{settings.host}:{settings.learning_port}/graphql",
        "SERVICELOOP_FEEDBACK_URL": f"http://{settings.host}:{settings.feedback_port}/graphql",
        "SERVICELOOP_CORS_ORIGINS": json.dumps(settings.allowed_origins),
        "SERVICELOOP_GATEWAY_ARBITRARY_DOCUMENTS": "true" if settings.gateway_allows_arbitrary_documents else "false",
        # the gateway serves the built staff app and customer pages on its own origin (gateway/static-files.mjs)
        "SERVICELOOP_FRONTEND_DIST": str(FRONTEND_DIST),
        # With SERVICELOOP_OTLP_ENDPOINT the gateway traces too (Hive Gateway's own OpenTelemetry, OTLP/HTTP; its
        # exporter wants the full traces URL) and sends its span as the subgraph requests' traceparent.
        **({"OPENTELEMETRY": settings.otlp_endpoint.rstrip("/") + "/v1/traces"} if settings.otlp_endpoint else {}),
    }


def gateway_argv(settings: Settings) -> list[str] | None:
    """The Hive Gateway over schema/supergraph.graphql, or None without Node.js or `npm ci` in gateway/."""
    node = shutil.which("node")
    if node is None or not GATEWAY_CLI.exists():
        return None
    return [node, str(GATEWAY_CLI), "supergraph", str(ROOT / "schema" / "supergraph.graphql"),
            "--config-path", str(ROOT / "gateway" / "gateway.config.mjs"),
            "--host", settings.host, "--port", str(settings.gateway_port)]


def _storage_env(settings: Settings) -> dict[str, str]:
    if settings.embedded_database:
        embedded.start_postgres(settings)
    if settings.embedded_redis:
        redis_url = embedded.start_redis(settings)
    else:
        redis_url = settings.redis_url or ""
    return {"DATABASE_URL": database.database_url(settings), "REDIS_URL": redis_url}


# Lines of a child's log worth showing in the terminal (the rest stays in .data/logs/).
NOTEWORTHY = re.compile(r"\b(warning|warn|error|critical|exception|traceback)\b|\w(Error|Exception):", re.IGNORECASE)
# The level our formatters write (console `[info     ]`, JSON `"level": "info"`, plain `INFO ...`): a line that names
# its level is judged by it alone (uvicorn's logger is called "uvicorn.error" even for its info lines).
LEVEL = re.compile(r'^\S*\s*\[(\w+)\s*\]|"level":\s*"(\w+)"|^(DEBUG|INFO|WARNING|ERROR|CRITICAL)\b')
SHOWN_LEVELS = {"warning", "warn", "error", "critical", "exception", "fatal"}


def noteworthy(line: str) -> bool:
    """A warning or an error (by its level when the line names one; else by its words, as in a traceback)."""
    level = LEVEL.search(line)
    if level:
        return next(group for group in level.groups() if group).lower() in SHOWN_LEVELS
    return bool(NOTEWORTHY.search(line))


@dataclass
class Child:
    """One supervised process: how to start it, the running process, and its restart schedule."""

    name: str
    argv: list[str]
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    restart_at: float | None = None
    delay: float = 0.0
    restarts: int = 0
    log_offset: int = 0

    @property
    def log_name(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-") + ".log"


class Supervisor:
    """Keeps every child running: one that dies is started again after a back-off (1 s, 2 s, 4 s, ... at most
    30 s; back to 1 s once it has run for a minute), while the others go on. stop() ends them all."""

    def __init__(
        self,
        children: list[tuple[str, list[str]]],
        *,
        env: dict[str, str] | None = None,
        clock: Callable[[], float] = time.monotonic,
        first_delay: float = 1.0,
        max_delay: float = 30.0,
        healthy_after: float = 60.0,
        log_dir: pathlib.Path | None = None,
    ) -> None:
        self.children = [Child(name=name, argv=argv, delay=first_delay) for name, argv in children]
        self.env = env
        # With a log folder, each child writes there (appending across restarts) and only noteworthy lines
        # reach the terminal (see noteworthy_lines); without one, children share the terminal.
        self.log_dir = log_dir
        self.clock = clock
        self.first_delay = first_delay
        self.max_delay = max_delay
        self.healthy_after = healthy_after

    def _start(self, child: Child) -> None:
        # Children ignore Ctrl-C from the terminal (their own session); the supervisor stops them in order.
        output = None
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            output = open(self.log_dir / child.log_name, "ab")  # noqa: SIM115 (the child holds it open)
        try:
            child.process = subprocess.Popen(
                child.argv, env=self.env, start_new_session=True, stdout=output, stderr=subprocess.STDOUT if output else None
            )
        finally:
            if output is not None:
                output.close()  # the child has its own copy of the descriptor
        child.started_at = self.clock()
        child.restart_at = None

    def start_all(self) -> None:
        for child in self.children:
            self._start(child)

    def check(self) -> list[str]:
        """One round: note the children that died, start again those whose back-off is over; what happened."""
        now = self.clock()
        notes = []
        for child in self.children:
            if child.restart_at is not None:
                if now >= child.restart_at:
                    child.restarts += 1
                    self._start(child)
                    notes.append(f"{child.name}: started again (restart {child.restarts})")
                continue
            code = child.process.poll() if child.process is not None else None
            if code is None:
                continue
            if now - child.started_at >= self.healthy_after:
                child.delay = self.first_delay
            child.restart_at = now + child.delay
            notes.append(f"{child.name}: exited with {code}; starting it again in {child.delay:.0f} s")
            child.delay = min(child.delay * 2, self.max_delay)
        return notes

    def noteworthy_lines(self) -> list[str]:
        """Warnings and errors the children logged since the last call, each marked with its child's name."""
        if self.log_dir is None:
            return []
        lines = []
        for child in self.children:
            path = self.log_dir / child.log_name
            if not path.exists():
                continue
            with open(path, "rb") as log:
                log.seek(child.log_offset)
                chunk = log.read()
            # Only whole lines: a line still being written is read next time.
            complete = chunk[: chunk.rfind(b"\n") + 1]
            child.log_offset += len(complete)
            for line in complete.decode("utf-8", "replace").splitlines():
                if noteworthy(line):
                    lines.append(f"[{child.name}] {line}")
        return lines

    def skip_logged_so_far(self) -> None:
        """Start showing from the end of each log (what earlier runs wrote was shown then)."""
        if self.log_dir is None:
            return
        for child in self.children:
            path = self.log_dir / child.log_name
            child.log_offset = path.stat().st_size if path.exists() else 0

    def run(self, *, interval: float = 0.5) -> None:
        """Check every `interval` seconds until Ctrl-C (KeyboardInterrupt goes to the caller)."""
        while True:
            for note in [*self.check(), *self.noteworthy_lines()]:
                print(note, file=sys.stderr)
            time.sleep(interval)

    def stop(self, *, timeout: float = 10.0) -> None:
        """SIGTERM to every running child, then SIGKILL to any still there after `timeout`."""
        running = [c.process for c in self.children if c.process is not None and c.process.poll() is None]
        for process in running:
            process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for process in running:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _children(settings: Settings, python: str) -> list[tuple[str, list[str]]]:
    children = []
    gateway = gateway_argv(settings)
    if gateway is not None:
        children.append(("gateway", gateway))
    for spec in SERVICES:
        port = getattr(settings, spec.port_setting)
        children.append((f"{spec.name} API", [
            python, "-m", "uvicorn", f"services.{spec.name}.app:create_app", "--factory",
            "--host", settings.host, "--port", str(port), "--no-access-log",
            # the services read X-Forwarded-For themselves, from trusted proxies only
            "--no-proxy-headers",
        ]))
        children.append((f"{spec.name} worker", [python, "-m", f"services.{spec.name}.worker"]))
    if settings.uses_mail_catcher:
        # No SMTP server configured: mail goes to the local catcher, readable in the browser.
        children.append(("mail catcher", [python, "-m", "services.platform.mailcatcher"]))
    return children


def logs_dir(settings: Settings) -> pathlib.Path:
    """Where each process's log goes (`make logs` follows them)."""
    return settings.data_dir / "logs"


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    # SIGTERM (a `kill`, or the terminal closing) stops everything as Ctrl-C does, instead of orphaning the children.
    signal.signal(signal.SIGTERM, _interrupt)
    settings = get_settings()
    print("Serviceloop: starting storage" + (" (embedded PostgreSQL and Redis)" if settings.embedded_database else ""))
    env = environment_with(**_storage_env(settings), **gateway_env(settings))
    # One metrics port per process: the children share this environment, so they would all ask for the same one.
    env.pop("SERVICELOOP_METRICS_PORT", None)
    import asyncio

    asyncio.run(database.ensure_database(env["DATABASE_URL"]))
    python = sys.executable
    for spec in SERVICES:
        for command in spec.setup_commands:
            subprocess.run([python, "-m", f"services.{spec.name}.cli", *command], env=env, check=True)
    supervisor = Supervisor(_children(settings, python), env=env, log_dir=logs_dir(settings))
    try:
        supervisor.skip_logged_so_far()
        supervisor.start_all()
        time.sleep(1.5)
        print("\nServiceloop is running:")
        if gateway_argv(settings) is not None:
            print(f"  gateway   one GraphQL    http://{settings.host}:{settings.gateway_port}/graphql  (both services)")
        else:
            print("  gateway   not started: needs Node.js 20+ and `npm ci` in gateway/ (make install)")
        if FRONTEND_DIST.joinpath("app", "index.html").exists():
            print(f"  staff app      {settings.staff_app_url}/")
            print(f"  customer form  {settings.customer_pages_url}/?code=<code>  (codes: createPublicCode)")
        else:
            print("  staff app      not built: `make frontend` (needs Node.js 20+)")
        if settings.uses_mail_catcher:
            print(f"  mail catcher   http://{settings.host}:{settings.mail_catcher_web_port}/  (mail sent here: nothing leaves the machine)")
        else:
            print(f"  mail           through {settings.smtp_host}:{settings.smtp_port}")
        # the subgraphs stay reachable for operators
        for spec in SERVICES:
            port = getattr(settings, spec.port_setting)
            print(f"  {spec.name:<9} GraphQL + IDE  http://{settings.host}:{port}/graphql")
            print(f"  {spec.name:<9} health         http://{settings.host}:{port}/healthz  /readyz")
        if settings.embedded_database:
            print(f"  data folder    {settings.data_dir}")
        print(f"  logs           {logs_dir(settings)}/  (make logs; only warnings and errors are shown here)")
        print("\nDemo logins:")
        subprocess.run([python, "-m", "services.learning.cli", "demo-logins"], env=env, check=False)
        print("\nPress Ctrl-C to stop.")
        supervisor.run()
    except KeyboardInterrupt:
        print("\nstopping...")
    finally:
        supervisor.stop()
        embedded.stop_all()
        print("stopped.")


if __name__ == "__main__":
    main()
