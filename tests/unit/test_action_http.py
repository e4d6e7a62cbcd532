"""The keep-alive patch for action-server calls (rasa_ext/action_http.py).

Against a real local HTTP server (aiohttp.web on a loopback port), through Rasa's own
``RemoteAction.run``; each behaviour is compared with Rasa's stock per-call session.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any, Dict, List, Optional

import pytest
from aiohttp import web
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.core.run import close_resources as stock_close_resources
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import EndpointConfig

from rasa_ext import action_http
from scripts.stack import free_port

STOCK_REQUEST = EndpointConfig.request


class ActionServer:
    """A tiny action server: answers /webhook with no events, records each connection."""

    def __init__(self, port: int, delay: float = 0.0, status: int = 200, keepalive=75.0):
        self.port = port
        self.delay = delay
        self.status = status
        self.keepalive = keepalive
        self.peers: List[Any] = []
        self.bodies: List[Dict[str, Any]] = []
        self.runner: Optional[web.AppRunner] = None

    async def _webhook(self, request: web.Request) -> web.Response:
        self.peers.append(request.transport.get_extra_info("peername"))
        self.bodies.append(await request.json())
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.status == 400:
            return web.json_response({"action_name": "action_x", "error": "no"}, status=400)
        if self.status != 200:
            return web.Response(status=self.status, text="broken")
        return web.json_response({"events": [], "responses": []})

    async def start(self) -> "ActionServer":
        app = web.Application()
        app.router.add_post("/webhook", self._webhook)
        self.runner = web.AppRunner(app, keepalive_timeout=self.keepalive)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()
        return self

    async def stop(self) -> None:
        assert self.runner is not None
        await self.runner.cleanup()


@pytest.fixture
def patched(monkeypatch):
    """The patch installed for one test, Rasa's method back afterwards."""
    monkeypatch.delenv("ACTION_KEEPALIVE_SECONDS", raising=False)
    action_http.install()
    yield
    EndpointConfig.request = STOCK_REQUEST  # type: ignore[method-assign]
    import rasa.core.run as rasa_run

    rasa_run.close_resources = stock_close_resources  # type: ignore[assignment]


async def run_action(port: int, name: str = "action_x") -> List[Any]:
    action = RemoteAction(name, EndpointConfig(f"http://127.0.0.1:{port}/webhook"))
    tracker = DialogueStateTracker("someone", slots=[])
    return await action.run(
        CollectingOutputChannel(), TemplatedNaturalLanguageGenerator({}), tracker, Domain.empty()
    )


async def error_of(port: int) -> BaseException:
    try:
        await run_action(port)
    except BaseException as error:  # noqa: BLE001 - the class is what is compared
        return error
    raise AssertionError("the call did not fail")


async def test_several_calls_reuse_one_connection(patched):
    server = await ActionServer(free_port()).start()
    try:
        for _ in range(5):
            assert await run_action(server.port) == []
        assert len(server.peers) == 5
        assert len(set(server.peers)) == 1, server.peers
        assert server.bodies[0]["next_action"] == "action_x"
    finally:
        await action_http.close()
        await server.stop()


async def connections_for_three_calls() -> int:
    """How many distinct client connections three action calls used."""
    server = await ActionServer(free_port()).start()
    try:
        for _ in range(3):
            await run_action(server.port)
        return len(set(server.peers))
    finally:
        await server.stop()


async def test_stock_rasa_opens_a_connection_per_call():
    """The same calls without the patch: one connection each (what the patch removes)."""
    assert await connections_for_three_calls() == 3


async def test_keepalive_zero_is_rasas_per_call_session(patched, monkeypatch):
    monkeypatch.setenv("ACTION_KEEPALIVE_SECONDS", "0")
    assert await connections_for_three_calls() == 3


async def test_timeout_raises_what_stock_rasa_raises(patched, monkeypatch):
    import rasa.core.actions.action as rasa_action

    monkeypatch.setattr(rasa_action, "DEFAULT_REQUEST_TIMEOUT", 0.3)
    server = await ActionServer(free_port(), delay=2.0).start()
    try:
        loop = asyncio.get_running_loop()
        start = loop.time()
        pooled = await error_of(server.port)
        assert loop.time() - start < 1.5
        EndpointConfig.request = STOCK_REQUEST  # type: ignore[method-assign]
        stock = await error_of(server.port)
        assert type(pooled) is type(stock)
        assert isinstance(pooled, asyncio.TimeoutError)
    finally:
        await action_http.close()
        await server.stop()


async def test_the_pool_works_after_a_timeout(patched, monkeypatch):
    import rasa.core.actions.action as rasa_action

    monkeypatch.setattr(rasa_action, "DEFAULT_REQUEST_TIMEOUT", 0.3)
    server = await ActionServer(free_port(), delay=1.0).start()
    try:
        assert isinstance(await error_of(server.port), asyncio.TimeoutError)
        server.delay = 0.0
        assert await run_action(server.port) == []
    finally:
        await action_http.close()
        await server.stop()


async def test_server_down_raises_what_stock_rasa_raises(patched):
    port = free_port()  # nothing listens
    pooled = await error_of(port)
    EndpointConfig.request = STOCK_REQUEST  # type: ignore[method-assign]
    stock = await error_of(port)
    assert type(pooled) is type(stock) is RasaException
    assert str(pooled) == str(stock)
    assert "Couldn't connect" in str(pooled)
    await action_http.close()


@pytest.mark.parametrize("status", [400, 500])
async def test_error_statuses_raise_what_stock_rasa_raises(patched, status):
    server = await ActionServer(free_port(), status=status).start()
    try:
        pooled = await error_of(server.port)
        EndpointConfig.request = STOCK_REQUEST  # type: ignore[method-assign]
        stock = await error_of(server.port)
        assert type(pooled) is type(stock)
        assert str(pooled) == str(stock)
    finally:
        await action_http.close()
        await server.stop()


async def test_a_server_restart_between_calls(patched):
    """The pooled connection dies with the old server; the next call opens a new one."""
    port = free_port()
    server = await ActionServer(port).start()
    await run_action(port)
    await run_action(port)
    await server.stop()
    again = await ActionServer(port).start()
    try:
        assert await run_action(port) == []
        assert await run_action(port) == []
        assert len(again.peers) == 2 and len(set(again.peers)) == 1
        assert again.peers[0] != server.peers[0]
    finally:
        await action_http.close()
        await again.stop()


async def test_the_server_closing_an_idle_connection(patched):
    """The server's keep-alive timeout (0.2 s here) passes between two calls.

    (aiohttp's server re-checks idle connections up to 1 s late: hence the 2.5 s.)"""
    server = await ActionServer(free_port(), keepalive=0.2).start()
    try:
        await run_action(server.port)
        await asyncio.sleep(2.5)
        assert await run_action(server.port) == []
        assert len(set(server.peers)) == 2
    finally:
        await action_http.close()
        await server.stop()


async def test_the_client_drops_idle_connections_before_sanics_default(patched, monkeypatch):
    monkeypatch.setenv("ACTION_KEEPALIVE_SECONDS", "0.2")
    await action_http.close()
    server = await ActionServer(free_port()).start()
    try:
        await run_action(server.port)
        await asyncio.sleep(0.5)
        await run_action(server.port)
        assert len(set(server.peers)) == 2
    finally:
        await action_http.close()
        await server.stop()


def test_default_keepalive_is_below_sanics_keep_alive_timeout(monkeypatch):
    from sanic.config import DEFAULT_CONFIG

    monkeypatch.delenv("ACTION_KEEPALIVE_SECONDS", raising=False)
    assert 0 < action_http.keepalive_seconds() < DEFAULT_CONFIG["KEEP_ALIVE_TIMEOUT"]
    monkeypatch.setenv("ACTION_KEEPALIVE_SECONDS", "junk")
    assert action_http.keepalive_seconds() == action_http.DEFAULT_KEEPALIVE_SECONDS


async def test_no_cookies_carried_between_calls(patched):
    seen: List[Optional[str]] = []

    async def webhook(request: web.Request) -> web.Response:
        seen.append(request.headers.get("Cookie"))
        response = web.json_response({"events": [], "responses": []})
        response.set_cookie("route", "abc")
        return response

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        await run_action(port)
        await run_action(port)
        assert seen == [None, None]
    finally:
        await action_http.close()
        await runner.cleanup()


async def test_server_stop_closes_the_session(patched):
    import rasa.core.run as rasa_run

    server = await ActionServer(free_port()).start()
    try:
        await run_action(server.port)
        pooled = action_http.session()
        assert not pooled.closed

        class App:
            class ctx:  # noqa: N801 - Sanic's attribute name
                agent = None

        await rasa_run.close_resources(App(), asyncio.get_running_loop())
        assert pooled.closed
        assert action_http.session() is not pooled  # a later call gets a new one
    finally:
        await action_http.close()
        await server.stop()


def test_one_session_per_event_loop(patched):
    async def grab() -> Any:
        return action_http.session()

    first_loop, second_loop = asyncio.new_event_loop(), asyncio.new_event_loop()
    try:
        first = first_loop.run_until_complete(grab())
        assert first_loop.run_until_complete(grab()) is first
        second = second_loop.run_until_complete(grab())
        assert second is not first
    finally:
        for loop in (first_loop, second_loop):
            loop.run_until_complete(action_http.close())
            loop.close()


STOCK_VALIDATE = RemoteAction._validate_action_result
RESPONSES = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "severity", "value": "mild"}], "responses": []},
    {"events": [{"event": "slot", "value": 1}], "responses": []},  # no name
    {"events": [{"event": "no_such_event"}], "responses": []},
    {"events": "not a list"},
    {"responses": [1, 2]},
]


@pytest.mark.parametrize("response", RESPONSES)
def test_result_validation_is_rasas(response):
    import jsonschema

    action = RemoteAction("action_x", None)

    def outcome(validate):
        try:
            return validate(action, json.loads(json.dumps(response)))
        except jsonschema.ValidationError as error:
            return ("error", error.message, list(error.path))

    stock = outcome(STOCK_VALIDATE)
    assert outcome(action_http.validate_action_result) == stock
    assert outcome(action_http.validate_action_result) == stock  # cached validator


def test_result_validation_is_installed_and_builds_its_validator_once():
    # The speed itself is measured by the benchmark (docs/performance.md section 8), not
    # asserted here: what makes it cheap is that the schema is checked once, not per call.
    action = RemoteAction("action_x", None)
    action_http.install_validation()
    try:
        assert RemoteAction._validate_action_result is action_http.validate_action_result
        response = {"events": [{"event": "slot", "name": "s", "value": 1}] * 5, "responses": []}
        assert action_http.validate_action_result(action, response)
        first = action_http._validator
        assert first is not None
        assert action_http.validate_action_result(action, response)
        assert action_http._validator is first
    finally:
        RemoteAction._validate_action_result = STOCK_VALIDATE  # type: ignore[method-assign]
