"""Who is acting, from where, through which channel: set once per request or command.

Services record audit entries without every caller passing the IP address along.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass
class RequestAudit:
    """What one web or API request has written to the audit log so far, and what it read:
    the middleware makes it exactly one read row, and one row for a refusal."""

    views: int = 0
    last_view: Any = None
    denied: bool = False
    #: the first case-scoped object a selector handed out: (object, case, organization)
    read: tuple[Any, Any, Any] | None = None


@dataclass(frozen=True)
class ActingContext:
    ip_address: str | None = None
    user_agent: str = ""
    channel: str = "cli"
    #: set for a web or API request; None at the command line and in jobs
    request_audit: RequestAudit | None = None


_DEFAULT = ActingContext()
_current: ContextVar[ActingContext] = ContextVar("innocence_acting_context", default=_DEFAULT)


def current() -> ActingContext:
    return _current.get()


@contextmanager
def acting(**kwargs: Any) -> Iterator[ActingContext]:
    token = _current.set(ActingContext(**kwargs))
    try:
        yield _current.get()
    finally:
        _current.reset(token)
