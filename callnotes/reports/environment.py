"""The one Jinja2 environment: sandboxed, strict about missing values, escaping HTML."""

from __future__ import annotations

import re
import string
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, Template, select_autoescape
from jinja2.exceptions import SecurityError
from jinja2.filters import do_batch, do_center, do_format, do_indent, do_slice
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from callnotes.reports.filters import make_filters

# A user template gets this long and this much output before it is stopped as runaway; the
# built-in ones need a few milliseconds and well under a megabyte for hundreds of entries.
RENDER_SECONDS = 5.0
MAX_OUTPUT_CHARS = 20_000_000
MAX_RANGE = 100_000
_deadline: ContextVar[float] = ContextVar("callnotes_template_deadline", default=float("inf"))


class RunawayTemplateError(SecurityError):
    """A template ran too long or produced too much: a huge loop, most likely."""


class _LimitedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, plus limits on loops, repetition, powers, padding and widths.

    Jinja's sandbox keeps templates away from Python's internals but lets them spin forever
    or build a gigabyte string; these checks refuse the common ways of doing that at once,
    with a clear message. A user's template also runs in a child process with limits on its
    time and memory (see :mod:`callnotes.reports.user_render`) for whatever slips past them.
    """

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """Refuse ``"x" * 10**9``, ``9 ** 9 ** 9`` and ``"%999999999s"`` before they run."""
        if operator == "**":
            _check_power(left, right)
            return left**right
        if operator == "%":
            if isinstance(left, str):
                check_percent_widths(left)
            return left % right
        if operator == "+":
            if _size(left) + _size(right) > MAX_OUTPUT_CHARS:
                raise RunawayTemplateError("joining values that large is not allowed")
            return left + right
        for count, other in ((right, left), (left, right)):
            sized = isinstance(count, int) and isinstance(other, str | list | tuple)
            if sized and count * len(other) > _MAX_REPEAT:
                raise RunawayTemplateError("a repetition that large is not allowed")
        if _is_int(left) and _is_int(right) and left.bit_length() + right.bit_length() > _MAX_BITS:
            raise RunawayTemplateError("a number that large is not allowed in templates")
        return left * right

    def call(
        __self,  # noqa: N805 - Jinja's own signature, so that no keyword argument is shadowed
        __context: Context,
        __obj: Any,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        """Refuse ``'x'.ljust(10**11)`` and ``'{:>999999999}'.format(1)`` before they run."""
        target = getattr(__obj, "__wrapped__", __obj)  # the sandbox wraps ``str.format``
        owner = getattr(target, "__self__", None)
        if isinstance(owner, str):
            method = getattr(target, "__name__", "")
            if method in _PADDING_METHODS:
                _check_width(*args, *kwargs.values())
            elif method in ("format", "format_map"):
                check_format_widths(owner)
        return super().call(__context, __obj, *args, **kwargs)


_MAX_REPEAT = 1_000_000
# The widest padding or field a template may ask for, and the largest number it may compute:
# a page is a few hundred characters wide, and no figure in a report has thousands of digits.
MAX_WIDTH = 10_000
_MAX_BITS = 100_000
_PADDING_METHODS = frozenset({"ljust", "rjust", "center", "zfill", "expandtabs"})
_PERCENT_FIELD = re.compile(r"%(?:\([^)]*\))?[#0 +\-]*(\*|\d+)?(?:\.(\*|\d+))?")
_DIGITS = re.compile(r"\d+")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | list | tuple) else 0


def _check_power(base: Any, exponent: Any) -> None:
    if _is_int(exponent) and abs(exponent) > 64:
        raise RunawayTemplateError("a power above 64 is not allowed in templates")
    if _is_int(base) and _is_int(exponent) and base.bit_length() * abs(exponent) > _MAX_BITS:
        raise RunawayTemplateError("a number that large is not allowed in templates")


def _check_width(*values: Any) -> None:
    for value in values:
        if _is_int(value) and value > MAX_WIDTH:
            raise RunawayTemplateError(f"a width above {MAX_WIDTH} is not allowed in templates")


def check_format_widths(pattern: str) -> None:
    """Refuse a ``str.format`` pattern asking for a field wider than :data:`MAX_WIDTH`."""
    try:
        fields = list(string.Formatter().parse(pattern))
    except ValueError:
        return  # not a valid pattern: formatting it fails on its own, quickly
    for _text, _name, spec, _conversion in fields:
        if spec and "{" in spec:
            raise RunawayTemplateError("a width taken from a value is not allowed in templates")
        if spec:
            _check_width(*(int(d) for d in _DIGITS.findall(spec)))


def check_percent_widths(pattern: str) -> None:
    """Refuse a ``%`` pattern asking for a field wider than :data:`MAX_WIDTH`, or for ``*``."""
    for match in _PERCENT_FIELD.finditer(pattern):
        for part in match.groups():
            if part == "*":
                raise RunawayTemplateError("a width taken from a value is not allowed")
            if part:
                _check_width(int(part))


def _checked_format(value: Any, *args: Any, **kwargs: Any) -> str:
    if isinstance(value, str):
        check_percent_widths(value)
    return str(do_format(value, *args, **kwargs))


def _checked_center(value: str, width: int = 80) -> str:
    _check_width(width)
    return do_center(value, width)


def _checked_indent(value: str, width: int | str = 4, *args: Any, **kwargs: Any) -> str:
    _check_width(width if isinstance(width, int) else len(width))
    return str(do_indent(value, width, *args, **kwargs))


def _checked_batch(value: Any, linecount: int, fill_with: Any = None) -> Any:
    _check_width(linecount)
    return do_batch(value, linecount, fill_with)


def _checked_slice(value: Any, slices: int, fill_with: Any = None) -> Any:
    _check_width(slices)
    return do_slice(value, slices, fill_with)


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
    env.filters.update(
        center=_checked_center,
        indent=_checked_indent,
        format=_checked_format,
        batch=_checked_batch,
        slice=_checked_slice,
    )
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
