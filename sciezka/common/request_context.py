"""The request id and channel of the current unit of work (a web request, an API call, a command).

Set by the web middleware and by CLI commands; read by the audit and access logs so every entry can
be traced to the request that caused it.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from contextvars import ContextVar

_request_id: ContextVar[str] = ContextVar("sciezka_request_id", default="")
_channel: ContextVar[str] = ContextVar("sciezka_channel", default="cli")


def current_request_id() -> str:
    return _request_id.get() or ""


def current_channel() -> str:
    return _channel.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


@contextlib.contextmanager
def unit_of_work(*, channel: str, request_id: str | None = None) -> Iterator[str]:
    rid = request_id or new_request_id()
    t1 = _request_id.set(rid)
    t2 = _channel.set(channel)
    try:
        yield rid
    finally:
        _request_id.reset(t1)
        _channel.reset(t2)
