"""The conversation lock store against a real redis-server started on loopback.

What must hold for several Rasa servers (rasa_ext/lock_store.py):
mutual exclusion and arrival order across instances; a lock whose holder died is free
within one lease (not after Rasa's 60 s ticket lifetime); a live holder keeps it for
as long as its turn runs; waiting is bounded; with Redis stopped, locks keep working
(this server's own) and nothing hangs; and several Sanic workers without Redis are
refused.
"""

import asyncio
import os
import subprocess
import sys
import textwrap
import time

import pytest
from rasa.core.lock_store import InMemoryLockStore, LockError

from rasa_ext import lock_store as ls
from rasa_ext.lock_store import EnvLockStore, LeaseLockStore, LocalLockStore, lock_store_from_url
from scripts.infra import LocalRedis
from scripts.stack import ROOT

LEASE = 1.5


@pytest.fixture
def redis_server(tmp_path):
    server = LocalRedis(tmp_path / "redis").start()
    yield server
    server.stop()


@pytest.fixture
def short_lease(monkeypatch):
    monkeypatch.setenv("LOCK_LEASE_SECONDS", str(LEASE))
    monkeypatch.setenv("REDIS_RETRY_SECONDS", "0.5")


def test_no_url_means_local_locks(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("SANIC_WORKERS", raising=False)
    store = EnvLockStore(endpoint_config=None)
    assert isinstance(store, LocalLockStore) and isinstance(store, InMemoryLockStore)


def test_bad_scheme_is_refused():
    with pytest.raises(ValueError):
        lock_store_from_url("http://localhost:6379")


async def _take(store, conversation="patient-1", hold=0.0, log=None, name=""):
    async with store.lock(conversation):
        if log is not None:
            log.append(("in", name, time.monotonic()))
        await asyncio.sleep(hold)
        if log is not None:
            log.append(("out", name, time.monotonic()))
    return True


async def test_two_instances_share_one_conversation_lock(redis_server, short_lease):
    first, second = LeaseLockStore(redis_server.url), LeaseLockStore(redis_server.url)
    async with first.lock("patient-1"):
        # the other instance sees the lock in Redis and has to wait its turn
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(_take(second), timeout=0.5)
        # another conversation is not blocked
        assert await asyncio.wait_for(_take(second, "patient-2"), timeout=2)
    assert await asyncio.wait_for(_take(second), timeout=2)


async def test_instances_take_turns_in_arrival_order(redis_server, short_lease):
    stores = [LeaseLockStore(redis_server.url) for _ in range(4)]
    log = []
    tasks = []
    for index, store in enumerate(stores):
        tasks.append(asyncio.ensure_future(_take(store, hold=0.15, log=log, name=str(index))))
        await asyncio.sleep(0.05)  # arrive in order 0, 1, 2, 3
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=10)
    entries = [name for kind, name, _ in log if kind == "in"]
    assert entries == ["0", "1", "2", "3"]
    # never two inside at once
    inside = 0
    for kind, _, _ in sorted(log, key=lambda item: item[2]):
        inside += 1 if kind == "in" else -1
        assert inside <= 1


async def test_a_live_holder_keeps_the_lock_longer_than_a_lease(redis_server, short_lease):
    holder, other = LeaseLockStore(redis_server.url), LeaseLockStore(redis_server.url)
    log = []
    task = asyncio.ensure_future(_take(holder, hold=3 * LEASE, log=log, name="holder"))
    await asyncio.sleep(0.2)
    await asyncio.wait_for(_take(other, log=log, name="other"), timeout=10)
    await task
    out_holder = next(t for kind, name, t in log if kind == "out" and name == "holder")
    in_other = next(t for kind, name, t in log if kind == "in" and name == "other")
    assert in_other >= out_holder  # the heartbeat kept the lease alive


def test_a_dead_holder_frees_the_lock_within_one_lease(redis_server, short_lease):
    """A process that holds the lock is SIGKILLed; another one gets it within a lease."""
    script = textwrap.dedent(f"""
        import asyncio, os, sys
        os.environ["LOCK_LEASE_SECONDS"] = "{LEASE}"
        from rasa_ext.lock_store import LeaseLockStore
        async def main():
            store = LeaseLockStore({redis_server.url!r})
            async with store.lock("patient-dead"):
                print("locked", flush=True)
                await asyncio.sleep(600)
        asyncio.run(main())
    """)
    child = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert child.stdout.readline().strip() == "locked"
        time.sleep(2 * LEASE)  # the live child keeps renewing: still locked
        survivor = LeaseLockStore(redis_server.url)
        with pytest.raises(asyncio.TimeoutError):
            asyncio.run(asyncio.wait_for(_take(survivor, "patient-dead"), timeout=0.5))
        child.kill()
        child.wait(timeout=10)
        killed = time.monotonic()
        assert asyncio.run(
            asyncio.wait_for(_take(LeaseLockStore(redis_server.url), "patient-dead"), timeout=10)
        )
        waited = time.monotonic() - killed
        print(f"lock free {waited:.2f}s after its holder was killed (lease {LEASE}s)")
        assert waited <= LEASE + 1.0
    finally:
        if child.poll() is None:
            child.kill()


async def test_waiting_is_bounded(redis_server, short_lease, monkeypatch):
    monkeypatch.setenv("LOCK_WAIT_SECONDS", "1")
    holder, other = LeaseLockStore(redis_server.url), LeaseLockStore(redis_server.url)
    async with holder.lock("patient-1"):
        started = time.monotonic()
        with pytest.raises(LockError):
            await _take(other)
        assert time.monotonic() - started < 3


async def test_redis_down_falls_back_to_local_locks_and_recovers(redis_server, short_lease):
    store = LeaseLockStore(redis_server.url)
    assert await _take(store)
    redis_server.stop()
    started = time.monotonic()
    # still mutual exclusion inside this server, and no hang
    log = []
    await asyncio.wait_for(
        asyncio.gather(
            _take(store, hold=0.1, log=log, name="a"), _take(store, hold=0.1, log=log, name="b")
        ),
        timeout=10,
    )
    assert [k for k, _, _ in sorted(log, key=lambda i: i[2])] == ["in", "out", "in", "out"]
    assert time.monotonic() - started < 5
    redis_server.start()
    await asyncio.sleep(0.6)  # past REDIS_RETRY_SECONDS
    other = LeaseLockStore(redis_server.url)
    async with store.lock("patient-1"):
        with pytest.raises(asyncio.TimeoutError):  # shared again
            await asyncio.wait_for(_take(other), timeout=0.5)


def test_several_workers_need_redis_and_no_socketio(tmp_path):
    creds = tmp_path / "credentials.yml"
    creds.write_text("rasa_ext.channels.rest.RestInput:\n")
    with_socketio = tmp_path / "with_socketio.yml"
    with_socketio.write_text("rasa_ext.channels.socketio.SocketIOInput:\n")
    assert ls.check_process_model([], {"SANIC_WORKERS": "1"}) is None
    assert "REDIS_URL is unset" in ls.check_process_model([], {"SANIC_WORKERS": "2"})
    env = {"SANIC_WORKERS": "2", "REDIS_URL": "redis://127.0.0.1:6379/1"}
    assert ls.check_process_model(["--credentials", str(creds)], env) is None
    assert "socket.io" in ls.check_process_model(["--credentials", str(with_socketio)], env)


def test_env_lock_store_refuses_workers_without_redis(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setenv("SANIC_WORKERS", "2")
    with pytest.raises(RuntimeError, match="REDIS_URL is unset"):
        EnvLockStore()


def test_server_entry_point_refuses_workers_without_redis():
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update({"SANIC_WORKERS": "3", "PYTHONPATH": str(ROOT)})
    result = subprocess.run(
        [sys.executable, "-m", "rasa_ext", "run", "--credentials", str(ROOT / "credentials.yml")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 2
    assert "refusing to start" in result.stderr and "REDIS_URL" in result.stderr
