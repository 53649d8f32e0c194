"""A release's database steps as every Kubernetes pod runs them first (`cli release`, k8s/README.md): many pods
start at once, and one PostgreSQL advisory lock lets exactly one prepare the database while the others wait."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import asyncpg

from services.platform.migrations import RELEASE_LOCK

from .process_steps import ROOT, production_env


def start_release(env: dict[str, str], service: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", f"services.{service}.cli", "release", "--timeout", "60"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


async def test_pods_starting_together_wait_for_the_one_preparing_the_release(storage):
    from services.feedback.recognition.rules import DEFAULTS
    from services.feedback.recognition.tables import PointRule

    # given a migrated database without the default point rules, and a pod already preparing the release
    await PointRule.delete(force=True)
    holder = await asyncpg.connect(storage["database_url"])
    try:
        assert await holder.fetchval("SELECT pg_try_advisory_lock($1)", RELEASE_LOCK)
        migrations_before = await holder.fetchval("SELECT count(*) FROM migration")
        # when two more pods of the release start (a learning and a feedback one)
        env = production_env(storage, SERVICELOOP_SMTP_HOST="127.0.0.1")
        pods = [start_release(env, "feedback"), start_release(env, "learning")]
        await asyncio.sleep(3.0)
        # then they wait for it: still running, nothing written yet
        assert [pod.poll() for pod in pods] == [None, None]
        assert await PointRule.count() == 0
        # and once it is done, they take their turns, find the migrations applied and do their own steps
        await holder.execute("SELECT pg_advisory_unlock($1)", RELEASE_LOCK)
        outputs = []
        for pod in pods:
            out, _ = await asyncio.to_thread(pod.communicate, timeout=90)
            outputs.append(out.decode())
            assert pod.returncode == 0, out.decode()
        assert "waiting for it" in outputs[0] or "waiting for it" in outputs[1]
        assert all("release: database ready" in out for out in outputs)
        assert await PointRule.count() == len(DEFAULTS)
        assert "lessons:" in outputs[1]
        assert await holder.fetchval("SELECT count(*) FROM migration") == migrations_before
        # and nobody holds the lock afterwards
        assert await holder.fetchval("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'") == 0
    finally:
        await holder.close()
