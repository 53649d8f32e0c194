"""Tools that pin packages conflicting with ours (the test LRS, the manifest checks) live in venvs of their own
under .data/, each installed from its hash-locked requirements file; `make test` installs them first (the same
paths and stamps), and a test installs one itself when it is missing or older than its lock."""

from __future__ import annotations

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
STAMP_NAME = ".installed-stamp"


def ensure(venv: pathlib.Path, lock: pathlib.Path) -> pathlib.Path:
    """The venv's python, installing it from the lock when missing or stale."""
    python = venv / "bin" / "python"
    stamp = venv / STAMP_NAME
    if stamp.exists() and stamp.stat().st_mtime >= lock.stat().st_mtime and python.exists():
        return python
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--require-hashes", "-r", str(lock)], check=True)
    stamp.touch()
    return python
