"""A real Learning Record Store for the push tests: Ralph (`ralph-malph`) with its file-system backend.

Ralph pins packages that conflict with ours, so it runs from its own venv, `.data/lrs-venv`, installed from
`tests/lrs/requirements.lock` (hash-locked). `make test` installs it (target `lrs-venv`, same paths and stamp);
the fixture installs it itself when missing or older than the lock. Ralph listens on a free loopback port,
stores statements under a temporary folder, and takes one basic-auth user.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass

import httpx

from . import locked_venv

ROOT = pathlib.Path(__file__).resolve().parents[1]
LOCK = ROOT / "tests" / "lrs" / "requirements.lock"
VENV = ROOT / ".data" / "lrs-venv"
USERNAME = "serviceloop"
PASSWORD = "lrs-test-password"
START_TIMEOUT_SECONDS = 60


def ensure_venv() -> pathlib.Path:
    """The LRS venv's python, installing it from the lock when missing or stale (as `make lrs-venv` does)."""
    return locked_venv.ensure(VENV, LOCK)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RalphLrs:
    """One Ralph process; stop() and start() again keep its statements (the folder stays)."""

    python: pathlib.Path
    folder: pathlib.Path
    port: int
    process: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/xAPI/"

    def env(self) -> dict[str, str]:
        return {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(self.folder),
            "RALPH_APP_DIR": str(self.folder / "app"),
            "RALPH_AUTH_FILE": str(self.folder / "auth.json"),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.folder / "statements"),
        }

    def create_user(self) -> None:
        ralph = self.python.parent / "ralph"
        subprocess.run(
            [
                str(ralph),
                "auth",
                "--username",
                USERNAME,
                "--password",
                PASSWORD,
                "--scope",
                "all",
                "--agent-ifi-mbox",
                "mailto:lrs@serviceloop.ee",
                "--write-to-disk",
            ],
            env=self.env(),
            cwd=self.folder,
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        log = (self.folder / "ralph.log").open("ab")
        # Ralph's app under uvicorn, as `ralph runserver -b fs` serves it (see run_ralph.py for the differences).
        self.process = subprocess.Popen(
            [str(self.python), str(ROOT / "tests" / "lrs" / "run_ralph.py"), str(self.port)],
            env=self.env(),
            cwd=self.folder,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Ralph exited: {(self.folder / 'ralph.log').read_text()[-2000:]}")
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise RuntimeError("Ralph did not start in time")

    def stop(self) -> None:
        """Kill the LRS process (as a crash would)."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None

    def all_statements(self) -> list[dict]:
        """Every statement stored, following `more` links."""
        found, url = [], f"{self.endpoint}statements?limit=500"
        while url:
            response = httpx.get(url, auth=(USERNAME, PASSWORD), headers={"X-Experience-API-Version": "1.0.3"})
            response.raise_for_status()
            body = response.json()
            found += body["statements"]
            more = body.get("more")
            url = f"http://127.0.0.1:{self.port}{more}" if more else None
        return found

    def forget_all(self) -> None:
        """Empty the store between tests (the process is restarted on a fresh folder)."""
        self.stop()
        shutil.rmtree(self.folder / "statements", ignore_errors=True)
        self.start()


def start_ralph(folder: pathlib.Path) -> RalphLrs:
    lrs = RalphLrs(python=ensure_venv(), folder=folder, port=_free_port())
    lrs.create_user()
    lrs.start()
    return lrs


class HoldingProxy:
    """A loopback HTTP proxy in front of the LRS that passes the first `passed` POSTs, then holds every further
    POST unanswered until `release()`; a held request is then dropped, never delivered (its sender is gone). Gives
    a test a push that is certainly under way, with a known number of batches acknowledged."""

    def __init__(self, upstream: str, passed: int) -> None:
        import http.server
        import threading

        self.upstream, self.passed, self.posts = upstream.rstrip("/"), passed, 0
        self.held = threading.Event()
        self.released = threading.Event()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _forward(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.command == "POST" and not proxy.released.is_set():
                    proxy.posts += 1
                    if proxy.posts > proxy.passed:
                        proxy.held.set()
                        proxy.released.wait()
                        self.close_connection = True
                        return
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                answer = httpx.request(self.command, proxy.upstream + self.path, content=body, headers=headers)
                self.send_response(answer.status_code)
                for name, value in answer.headers.items():
                    if name.lower() not in ("transfer-encoding", "content-length", "connection", "content-encoding"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            do_GET = do_POST = do_PUT = _forward

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/xAPI/"

    def release(self) -> None:
        self.released.set()

    def close(self) -> None:
        self.release()
        self.server.shutdown()
        self.server.server_close()
