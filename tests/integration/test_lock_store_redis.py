"""The Redis lock store against a real redis-server started on loopback."""

import asyncio
import shutil
import subprocess
import time

import pytest
from rasa.core.lock_store import InMemoryLockStore, RedisLockStore

from rasa_ext.lock_store import EnvLockStore, lock_store_from_url
from scripts.stack import free_port


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    server = shutil.which("redis-server")
    assert server, "redis-server is missing: run scripts/install_system_deps.sh"
    port = free_port()
    workdir = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(workdir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    client = redis.Redis(port=port)
    for _ in range(50):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}/1"
    process.terminate()
    process.wait(timeout=10)


def test_no_url_means_in_memory(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert isinstance(EnvLockStore(endpoint_config=None), InMemoryLockStore)


def test_bad_scheme_is_refused():
    with pytest.raises(ValueError):
        lock_store_from_url("http://localhost:6379")


async def test_two_instances_share_one_conversation_lock(redis_url, monkeypatch):
    monkeypatch.setenv("REDIS_URL", redis_url)
    first, second = EnvLockStore(), EnvLockStore()
    assert isinstance(first, RedisLockStore) and first is not second

    async def take(store):
        async with store.lock("patient-1", wait_time_in_seconds=0.05):
            return True

    async with first.lock("patient-1", wait_time_in_seconds=0.05):
        # the other instance sees the lock in Redis and has to wait its turn
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(take(second), timeout=0.5)
    assert await asyncio.wait_for(take(second), timeout=2)
