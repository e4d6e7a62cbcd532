"""Keep-alive HTTP for Rasa's endpoint calls (the action server): one pooled session.

Rasa 3.6's ``EndpointConfig.request`` opens a new ``aiohttp.ClientSession`` (and so a
new TCP connection) for every call, then closes it. :func:`request` is the same method
(same headers, parameters, token, basic auth, ``cafile``, same errors, same timeout)
with one difference: the session is long-lived, one per event loop, so calls reuse
open connections (HTTP/1.1 keep-alive).

What stays exactly as in Rasa:

- the timeout: Rasa's ``RemoteAction`` passes ``timeout=`` (``ACTION_TIMEOUT_SECONDS``
  via the ``action_timeout`` patch); a call without one gets
  ``ClientTimeout(total=rasa.utils.endpoints.DEFAULT_REQUEST_TIMEOUT)``, read at call
  time, like Rasa's per-call session. Waiting for a pooled connection counts against
  it; the pool is unbounded (``limit=0``), as a fresh session per call was;
- the errors: ``aiohttp.ClientConnectorError`` when nothing listens,
  ``asyncio.TimeoutError`` on a timeout, Rasa's ``ClientResponseError`` for >= 400;
- no cookies are kept between calls (``DummyCookieJar``): a per-call session had an
  empty jar, and a shared jar would carry one conversation's cookies into another.

Idle connections are dropped by the client after ``ACTION_KEEPALIVE_SECONDS``
(default 4), below Sanic's ``KEEP_ALIVE_TIMEOUT`` (5 s, the action server's default),
so the client never sends on a connection the server is about to close. A connection
the server closed (restart, its own timeout) is noticed by aiohttp when the close
arrives and is not reused. ``ACTION_KEEPALIVE_SECONDS=0`` restores Rasa's per-call
session. The session of the server's loop is closed on server stop (the
``action_keepalive`` patch wraps ``rasa.core.run.close_resources``); :func:`close`
does it elsewhere (tests, in-process benchmarks).
"""

from __future__ import annotations

import asyncio
import os
import ssl
import weakref
from typing import Any, Optional, Text

import aiohttp
from aiohttp.client_exceptions import ContentTypeError

DEFAULT_KEEPALIVE_SECONDS = 4.0

_sessions: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, aiohttp.ClientSession]" = (
    weakref.WeakKeyDictionary()
)
_stock_request: Any = None  # Rasa's own EndpointConfig.request, set by install()


def keepalive_seconds() -> float:
    """``ACTION_KEEPALIVE_SECONDS`` (default 4; 0 turns pooling off)."""
    try:
        return max(0.0, float(os.environ.get("ACTION_KEEPALIVE_SECONDS", "")))
    except ValueError:
        return DEFAULT_KEEPALIVE_SECONDS


def session() -> aiohttp.ClientSession:
    """The running loop's pooled session (created on first use, again after close)."""
    loop = asyncio.get_running_loop()
    current = _sessions.get(loop)
    if current is None or current.closed:
        connector = aiohttp.TCPConnector(limit=0, keepalive_timeout=keepalive_seconds())
        current = aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar())
        _sessions[loop] = current
    return current


async def close() -> None:
    """Close the running loop's pooled session, if it has one."""
    current = _sessions.pop(asyncio.get_running_loop(), None)
    if current is not None and not current.closed:
        await current.close()


async def request(
    self: Any,
    method: Text = "post",
    subpath: Optional[Text] = None,
    content_type: Optional[Text] = "application/json",
    compress: bool = False,
    **kwargs: Any,
) -> Optional[Any]:
    """``EndpointConfig.request`` on the pooled session (see the module docstring)."""
    import rasa.utils.endpoints as rasa_endpoints
    from rasa.shared.exceptions import FileNotFoundException

    if keepalive_seconds() <= 0 and _stock_request is not None:
        return await _stock_request(self, method, subpath, content_type, compress, **kwargs)

    headers = {}
    if content_type:
        headers["Content-Type"] = content_type
    if "headers" in kwargs:
        headers.update(kwargs["headers"])
        del kwargs["headers"]
    if self.headers:
        headers.update(self.headers)

    url = rasa_endpoints.concat_url(self.url, subpath)

    sslcontext = None
    if self.cafile:
        try:
            sslcontext = ssl.create_default_context(cafile=self.cafile)
        except FileNotFoundError as e:
            raise FileNotFoundException(
                f"Failed to find certificate file, '{os.path.abspath(self.cafile)}' does not exist."
            ) from e

    auth = None
    if self.basic_auth:
        auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
    kwargs.setdefault(
        "timeout", aiohttp.ClientTimeout(total=rasa_endpoints.DEFAULT_REQUEST_TIMEOUT)
    )

    async with session().request(
        method,
        url,
        headers=headers,
        params=self.combine_parameters(kwargs),
        compress=compress,
        ssl=sslcontext,
        auth=auth,
        **kwargs,
    ) as response:
        if response.status >= 400:
            raise rasa_endpoints.ClientResponseError(
                response.status,
                response.reason,
                await response.content.read(),
            )
        try:
            return await response.json()
        except ContentTypeError:
            return None


def install() -> None:
    """Replace ``EndpointConfig.request``; close the pool when the Rasa server stops."""
    global _stock_request
    import rasa.core.run as rasa_run
    from rasa.utils.endpoints import EndpointConfig

    if _stock_request is None:
        _stock_request = EndpointConfig.request
    EndpointConfig.request = request  # type: ignore[method-assign]

    original = getattr(rasa_run.close_resources, "__wrapped__", rasa_run.close_resources)

    async def close_resources(app: Any, loop: Any) -> None:
        try:
            await original(app, loop)
        finally:
            await close()

    close_resources.__wrapped__ = original  # type: ignore[attr-defined]
    rasa_run.close_resources = close_resources  # type: ignore[assignment]


_validator: Any = None


def validate_action_result(self: Any, result: Any) -> bool:
    """``RemoteAction._validate_action_result`` with the schema checked once, not per call.

    Rasa calls ``jsonschema.validate(result, schema)``, which first validates the
    schema itself against the JSON-Schema metaschema, on every action call (most of a
    call's time on the Rasa side). This is ``jsonschema.validate`` with the validator
    built once: the same check of the response, the same ``ValidationError`` (the best
    match, as ``validate`` raises) with Rasa's same message suffix.
    """
    global _validator
    from jsonschema import ValidationError, validators
    from jsonschema.exceptions import best_match
    from rasa.shared.constants import DOCS_BASE_URL

    if _validator is None:
        schema = self.action_response_format_spec()
        cls = validators.validator_for(schema)
        cls.check_schema(schema)
        _validator = cls(schema)
    error = best_match(_validator.iter_errors(result))
    if error is None:
        return True
    assert isinstance(error, ValidationError)
    error.message += (
        f". Failed to validate Action server response from API, "
        f"make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


def install_validation() -> None:
    from rasa.core.actions.action import RemoteAction

    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
