"""The one Jinja2 environment: sandboxed, strict about missing values, escaping HTML."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import ImmutableSandboxedEnvironment

from callnotes.reports.filters import make_filters


def make_environment(
    template_dirs: Path | Sequence[Path], timezone: str
) -> ImmutableSandboxedEnvironment:
    """An environment loading from *template_dirs* (first match wins) with filters for *timezone*.

    Sandboxed because users may supply their own templates; ``StrictUndefined`` so a missing
    value is an error, never a silent blank in a document a client reads.
    """
    folders = [template_dirs] if isinstance(template_dirs, Path) else list(template_dirs)
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader([str(f) for f in folders]),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(make_filters(timezone))
    return env
