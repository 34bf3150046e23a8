"""The one Jinja2 environment: sandboxed, strict about missing values, escaping HTML."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, Template, select_autoescape
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from callnotes.reports.filters import make_filters

# A user template gets this long and this much output before it is stopped as runaway; the
# built-in ones need a few milliseconds and well under a megabyte for hundreds of entries.
RENDER_SECONDS = 5.0
MAX_OUTPUT_CHARS = 20_000_000
MAX_RANGE = 100_000
_MAX_REPEAT = 1_000_000
_deadline: ContextVar[float] = ContextVar("callnotes_template_deadline", default=float("inf"))


class RunawayTemplateError(SecurityError):
    """A template ran too long or produced too much: a huge loop, most likely."""


class _LimitedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, plus limits on loops, repetition and powers.

    Jinja's sandbox keeps templates away from Python's internals but lets them spin forever
    or build a gigabyte string; a user's template must not be able to hang the app.
    """

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """Refuse ``"x" * 10**9`` and ``9 ** 9 ** 9`` before they eat the memory."""
        if operator == "**":
            if isinstance(right, int) and abs(right) > 64:
                raise RunawayTemplateError("a power above 64 is not allowed in templates")
            return left**right
        for count, other in ((right, left), (left, right)):
            sized = isinstance(count, int) and isinstance(other, str | list | tuple)
            if sized and count * len(other) > _MAX_REPEAT:
                raise RunawayTemplateError("a repetition that large is not allowed")
        return left * right


def _limited_range(*args: int) -> Iterator[int]:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise RunawayTemplateError(f"a range longer than {MAX_RANGE} is not allowed")
    deadline = _deadline.get()
    for n in numbers:
        if n % 1024 == 0 and time.monotonic() > deadline:
            raise RunawayTemplateError(f"the template ran longer than {RENDER_SECONDS:g} s")
        yield n


def make_environment(
    template_dirs: Path | Sequence[Path], timezone: str
) -> ImmutableSandboxedEnvironment:
    """An environment loading from *template_dirs* (first match wins) with filters for *timezone*.

    Sandboxed because users may supply their own templates; ``StrictUndefined`` so a missing
    value is an error, never a silent blank in a document a client reads.
    """
    folders = [template_dirs] if isinstance(template_dirs, Path) else list(template_dirs)
    env = _LimitedSandbox(
        loader=FileSystemLoader([str(f) for f in folders]),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["range"] = _limited_range
    del env.globals["lipsum"]  # placeholder text has no place in a document, and can be huge
    env.filters.update(make_filters(timezone))
    return env


def render_limited(template: Template, **variables: Any) -> str:
    """Render *template* with a time and size limit, raising :class:`RunawayTemplateError`."""
    with _limits() as deadline:
        parts: list[str] = []
        size = 0
        for part in template.generate(**variables):
            size += len(part)
            if size > MAX_OUTPUT_CHARS:
                raise RunawayTemplateError("the template produced more than 20 million characters")
            if time.monotonic() > deadline:
                raise RunawayTemplateError(f"the template ran longer than {RENDER_SECONDS:g} s")
            parts.append(part)
        return "".join(parts)


@contextmanager
def _limits() -> Iterator[float]:
    deadline = time.monotonic() + RENDER_SECONDS
    token = _deadline.set(deadline)
    try:
        yield deadline
    finally:
        _deadline.reset(token)
