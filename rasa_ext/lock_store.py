"""Per-conversation locks: two messages of one conversation are never processed at once.

``lock_store: type: rasa_ext.lock_store.EnvLockStore`` in endpoints.yml picks:

* no ``REDIS_URL`` -> :class:`LocalLockStore`: locks in this process (one Rasa server,
  one Sanic worker). Starting several Sanic workers without ``REDIS_URL`` is refused.
* ``REDIS_URL`` (``redis://[:password@]host:6379/1``, ``rediss://`` for TLS) ->
  :class:`LeaseLockStore`: the lock lives in Redis and is shared by every Rasa server.

Why not Rasa's ``RedisLockStore``: its ticket lock reads, changes and writes the lock
in three separate calls (two servers can take the same ticket), its tickets live for
``TICKET_LOCK_LIFETIME`` (60 s by default), so a server that dies while it holds one
blocks that conversation on every other server for that long, waiters poll once a
second, and its blocking Redis client stalls the whole server when Redis hangs.

:class:`LeaseLockStore` instead:

* keeps a FIFO queue per conversation in Redis (sorted set of tokens by arrival) plus a
  short lease per token (``LOCK_LEASE_SECONDS``, default 6 s), every step one atomic
  Lua script with Redis' own clock;
* renews the lease of the holder (every lease/3) while the turn runs and of each waiter
  while it waits, so a live turn never loses the lock, and the lock of a server that
  died (or was cut off) is free again within one lease;
* waits at most ``LOCK_WAIT_SECONDS`` (default 30) for its turn, then gives up
  (``LockError``: the patient is asked to send the message again, never silence);
* uses the asyncio Redis client with short timeouts, and if Redis cannot be reached,
  falls back to this server's local locks for the length of the outage (logged once,
  rechecked every ``REDIS_RETRY_SECONDS``, default 2): conversations go on, emergencies
  are still answered. While Redis is down, only a conversation whose messages reach two
  servers at the same moment could be processed twice at once (the socket.io widget is
  pinned to one server by the load balancer; REST clients wait for each reply).
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
import uuid
from contextlib import asynccontextmanager, suppress
from pathlib import Path
from typing import Any, AsyncGenerator, Dict, List, Optional
from urllib.parse import unquote, urlsplit

from rasa.core.lock import TicketLock
from rasa.core.lock_store import InMemoryLockStore, LockError, LockStore

logger = logging.getLogger(__name__)


def _seconds(name: str, default: float, minimum: float) -> float:
    try:
        return max(minimum, float(os.environ.get(name, "") or default))
    except ValueError:
        return default


def lease_seconds() -> float:
    return _seconds("LOCK_LEASE_SECONDS", 6.0, 1.0)


def wait_seconds() -> float:
    return _seconds("LOCK_WAIT_SECONDS", 30.0, 1.0)


def redis_retry_seconds() -> float:
    return _seconds("REDIS_RETRY_SECONDS", 2.0, 0.1)


def sanic_workers(env: Optional[Dict[str, str]] = None) -> int:
    raw = (os.environ if env is None else env).get("SANIC_WORKERS", "") or "1"
    try:
        return int(raw)
    except ValueError:
        return 1


# ---------------------------------------------------------------- one process


class LocalLockStore(InMemoryLockStore):
    """FIFO per-conversation locks inside one process (asyncio), with a bounded wait."""

    def __init__(self) -> None:
        super().__init__()
        self._locks: Dict[str, asyncio.Lock] = {}
        self._users: Dict[str, int] = {}

    @asynccontextmanager
    async def lock(  # type: ignore[override]
        self,
        conversation_id: str,
        lock_lifetime: float = 0,
        wait_time_in_seconds: float = 0,
    ) -> AsyncGenerator[TicketLock, None]:
        lock = self._locks.setdefault(conversation_id, asyncio.Lock())
        self._users[conversation_id] = self._users.get(conversation_id, 0) + 1
        try:
            try:
                await asyncio.wait_for(lock.acquire(), timeout=wait_seconds())
            except asyncio.TimeoutError as error:
                raise LockError("Timed out waiting for the conversation lock.") from error
            try:
                yield TicketLock(conversation_id)
            finally:
                lock.release()
        finally:
            self._users[conversation_id] -= 1
            if not self._users[conversation_id]:
                del self._users[conversation_id]
                self._locks.pop(conversation_id, None)


# ---------------------------------------------------------------- Redis

_ENQUEUE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[2])
local n = redis.call('INCR', KEYS[3])
redis.call('ZADD', KEYS[1], n, ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], now + ttl)
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ttl * 4) end
return n
"""

# 1: the caller holds the lock; 0: someone else is first; -1: caller's entry is gone.
_TRY_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[2])
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then return -1 end
redis.call('HSET', KEYS[2], ARGV[1], now + ttl)
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ttl * 4) end
while true do
  local head = redis.call('ZRANGE', KEYS[1], 0, 0)
  if #head == 0 then return -1 end
  local expires = tonumber(redis.call('HGET', KEYS[2], head[1]) or '0')
  if expires >= now then
    if head[1] == ARGV[1] then return 1 end
    return 0
  end
  redis.call('ZREM', KEYS[1], head[1])
  redis.call('HDEL', KEYS[2], head[1])
end
"""

# Holder's heartbeat. If its entry vanished (Redis restarted empty), it is put back at
# the head: the turn is running and must finish before the next one starts.
_RENEW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[2])
local present = redis.call('HEXISTS', KEYS[2], ARGV[1])
if present == 0 then redis.call('ZADD', KEYS[1], 0, ARGV[1]) end
redis.call('HSET', KEYS[2], ARGV[1], now + ttl)
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ttl * 4) end
return present
"""

_RELEASE = """
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
if redis.call('ZCARD', KEYS[1]) == 0 then redis.call('DEL', KEYS[1], KEYS[2], KEYS[3]) end
return 1
"""


class RedisUnavailable(Exception):
    pass


class LeaseLockStore(LockStore):
    """Per-conversation FIFO locks in Redis with short, renewed leases (see module doc)."""

    def __init__(self, url: str, key_prefix: Optional[str] = None) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("redis", "rediss"):
            raise ValueError("REDIS_URL must start with redis:// or rediss://")
        self.url = url
        self.db = int(parts.path.lstrip("/") or 1)
        self.host = parts.hostname or "localhost"
        self.port = parts.port or 6379
        self.password = unquote(parts.password) if parts.password else None
        self.username = unquote(parts.username) if parts.username else None
        self.use_ssl = parts.scheme == "rediss"
        prefix = key_prefix or os.environ.get("REDIS_KEY_PREFIX") or "baclofen"
        self.key_prefix = f"{prefix}:lock:"
        self.lease_ms = int(lease_seconds() * 1000)
        self.local = LocalLockStore()
        self._client: Any = None
        self._client_loop: Any = None
        self._scripts: Dict[str, Any] = {}
        self._down_until = 0.0
        self._outage_logged = False
        super().__init__()

    # -- Redis plumbing
    def _redis(self) -> Any:
        loop = asyncio.get_running_loop()
        if self._client is None or self._client_loop is not loop:
            import redis.asyncio as aioredis

            self._client = aioredis.Redis(
                host=self.host,
                port=self.port,
                db=self.db,
                username=self.username,
                password=self.password,
                ssl=self.use_ssl,
                socket_timeout=1.0,
                socket_connect_timeout=1.0,
                retry_on_timeout=False,
                health_check_interval=0,
            )
            self._client_loop = loop
            self._scripts = {
                name: self._client.register_script(source)
                for name, source in (
                    ("enqueue", _ENQUEUE),
                    ("try", _TRY_ACQUIRE),
                    ("renew", _RENEW),
                    ("release", _RELEASE),
                )
            }
        return self._client

    def _keys(self, conversation_id: str) -> List[str]:
        base = self.key_prefix + conversation_id
        return [f"{base}:queue", f"{base}:leases", f"{base}:counter"]

    async def _call(self, script: str, conversation_id: str, token: str) -> int:
        import redis.exceptions

        if time.monotonic() < self._down_until:
            raise RedisUnavailable()
        try:
            self._redis()
            result = await self._scripts[script](
                keys=self._keys(conversation_id), args=[token, self.lease_ms]
            )
        except (redis.exceptions.RedisError, OSError, asyncio.TimeoutError) as error:
            self._mark_down(error)
            raise RedisUnavailable() from error
        if self._outage_logged:
            self._outage_logged = False
            logger.warning("Redis lock store reachable again: shared locks resumed.")
        return int(result)

    def _mark_down(self, error: BaseException) -> None:
        self._down_until = time.monotonic() + redis_retry_seconds()
        if not self._outage_logged:
            self._outage_logged = True
            logger.error(
                "Redis lock store unreachable (%s): using this server's own "
                "locks until it is back.",
                type(error).__name__,
            )

    # -- the lock
    @asynccontextmanager
    async def lock(  # type: ignore[override]
        self,
        conversation_id: str,
        lock_lifetime: float = 0,
        wait_time_in_seconds: float = 0,
    ) -> AsyncGenerator[TicketLock, None]:
        # Always hold the local lock too: messages of one conversation that reach
        # this server are ordered here even while Redis is away.
        async with self.local.lock(conversation_id):
            token = uuid.uuid4().hex
            try:
                held = await self._acquire(conversation_id, token)
            except RedisUnavailable:
                held = False
            if not held:  # Redis away: the local lock is all we have
                yield TicketLock(conversation_id)
                return
            done = asyncio.Event()
            heartbeat = asyncio.ensure_future(self._heartbeat(conversation_id, token, done))
            try:
                yield TicketLock(conversation_id)
            finally:
                # A flag, not only cancel(): the Redis client can swallow a cancellation
                # that arrives while a command is in flight.
                done.set()
                await asyncio.wait([heartbeat], timeout=2)
                heartbeat.cancel()
                try:
                    await self._call("release", conversation_id, token)
                except RedisUnavailable:
                    pass

    async def _acquire(self, conversation_id: str, token: str) -> bool:
        deadline = time.monotonic() + wait_seconds()
        await self._call("enqueue", conversation_id, token)
        pause = 0.02
        task = asyncio.current_task()
        while True:
            if task is not None and task.cancelling():  # a cancellation the client lost
                raise asyncio.CancelledError()
            state = await self._call("try", conversation_id, token)
            if state == 1:
                return True
            if state == -1:  # our entry expired (we were stalled) or Redis restarted
                await self._call("enqueue", conversation_id, token)
            if time.monotonic() > deadline:
                try:
                    await self._call("release", conversation_id, token)
                finally:
                    raise LockError("Timed out waiting for the conversation lock.")
            await asyncio.sleep(pause)
            pause = min(pause * 1.5, 0.2)

    async def _heartbeat(self, conversation_id: str, token: str, done: asyncio.Event) -> None:
        interval = self.lease_ms / 3000.0
        while not done.is_set():
            with suppress(asyncio.TimeoutError):
                await asyncio.wait_for(done.wait(), timeout=interval)
            if done.is_set():
                return
            try:
                await self._call("renew", conversation_id, token)
            except RedisUnavailable:
                pass

    # -- LockStore's storage API (Rasa only uses lock() for conversations)
    def get_lock(self, conversation_id: str) -> Optional[TicketLock]:
        return None

    def delete_lock(self, conversation_id: str) -> None:
        return None

    def save_lock(self, lock: TicketLock) -> None:
        return None


# ---------------------------------------------------------------- choosing one


def lock_store_from_url(url: Optional[str]) -> LockStore:
    """A LeaseLockStore for ``url``, or a LocalLockStore when no URL is given."""
    if not url:
        return LocalLockStore()
    return LeaseLockStore(url)


def _credentials_path(args: List[str]) -> Path:
    for index, arg in enumerate(args):
        if arg == "--credentials" and index + 1 < len(args):
            return Path(args[index + 1])
        if arg.startswith("--credentials="):
            return Path(arg.split("=", 1)[1])
    return Path("credentials.yml")


def _uses_socketio(credentials: Path) -> bool:
    try:
        import yaml

        names = yaml.safe_load(credentials.read_text()) or {}
    except (OSError, ValueError, ImportError):
        return False
    return any("socketio" in str(name).lower() for name in names)


def check_process_model(
    args: Optional[List[str]] = None, env: Optional[Dict[str, str]] = None
) -> Optional[str]:
    """Why this server must not start with several Sanic workers, or None if it may."""
    env = dict(os.environ if env is None else env)
    workers = sanic_workers(env)
    if workers <= 1:
        return None
    if not env.get("REDIS_URL"):
        return (
            f"SANIC_WORKERS={workers} but REDIS_URL is unset: every worker would keep "
            "its own in-memory conversation locks, so two messages of one "
            "conversation could be processed at the same time and turns lost. Set "
            "REDIS_URL, or SANIC_WORKERS=1 (several servers: scripts/stack.py --rasa N)."
        )
    if args is not None and _uses_socketio(_credentials_path(args)):
        return (
            f"SANIC_WORKERS={workers} with the socket.io channel: a long-polling "
            "session's requests would reach different worker processes and the "
            "widget would fail to connect. Use SANIC_WORKERS=1 and run several Rasa "
            "servers behind the load balancer instead (scripts/stack.py --rasa N)."
        )
    return None


class EnvLockStore:
    """``lock_store: type: rasa_ext.lock_store.EnvLockStore`` in endpoints.yml."""

    def __new__(cls, endpoint_config: Any = None, **_: Any) -> LockStore:  # type: ignore[misc]
        from rasa_ext import patches

        patches.ensure_applied()  # no-op when started with `python -m rasa_ext run`
        problem = check_process_model()
        if problem:
            raise RuntimeError(problem)
        return lock_store_from_url(os.environ.get("REDIS_URL"))
