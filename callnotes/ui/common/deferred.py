"""A service's method handed to a widget before the service is built: ``deferred(lambda:
ctx.read_back.read_back)``. The service (and the modules behind it) is built at the first call,
off the window's start, instead of when the panels are wired."""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def deferred(method: Callable[[], Callable[P, R]]) -> Callable[P, R]:
    """The method *method* gives, looked up at each call."""

    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        return method()(*args, **kwargs)

    return call
