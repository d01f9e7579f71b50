"""Registered audit event types. Each app declares its own in ``audit_events.py``."""

from __future__ import annotations

import re
from dataclasses import dataclass

_EVENT_CODE = re.compile(r"^[a-z]+\.[a-z_]+_[a-z]+$")
_REGISTRY: dict[str, AuditEventType] = {}


@dataclass(frozen=True)
class AuditEventType:
    code: str
    description: str

    def __post_init__(self) -> None:
        if not _EVENT_CODE.match(self.code):
            raise ValueError(f"audit event code {self.code!r} must look like '<app>.<entity>_<past verb>'")


def register(code: str, description: str) -> AuditEventType:
    if code in _REGISTRY:
        raise ValueError(f"audit event type {code!r} is registered twice")
    event = AuditEventType(code, description)
    _REGISTRY[code] = event
    return event


def registered() -> dict[str, AuditEventType]:
    return dict(_REGISTRY)
