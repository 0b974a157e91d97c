"""Who is acting, from where, through which channel: set once per request or command.

Services record audit entries without every caller passing the IP address along.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ActingContext:
    ip_address: str | None = None
    user_agent: str = ""
    channel: str = "cli"


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
