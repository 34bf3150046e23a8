"""The user's templates folder: which built-in templates exist, which are overridden, copying."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from callnotes.errors import InvalidInputError, ReadOnlyError
from callnotes.paths import make_private_dirs
from callnotes.reports.render import KIND_TITLES, TEXT_FORMATS

_FORMAT_NAMES = {"html": "HTML (print, PDF, e-mail)", "md": "Markdown", "txt": "Plain text"}


@dataclass(frozen=True)
class TemplateInfo:
    """One built-in template and whether the user has their own in its place."""

    name: str
    description: str
    overridden: bool


def list_templates(builtin_dir: Path, user_dir: Path) -> list[TemplateInfo]:
    """Built-in templates, documents first in the app's order, shared layouts last."""
    found = [p for p in builtin_dir.iterdir() if p.suffix.lstrip(".") in TEXT_FORMATS]
    order = list(KIND_TITLES)

    def key(path: Path) -> tuple[int, int, str]:
        kind = path.stem
        rank = order.index(kind) if kind in order else len(order) + int(kind.startswith("_"))
        return (rank, TEXT_FORMATS.index(path.suffix.lstrip(".")), path.name)

    return [
        TemplateInfo(
            name=path.name,
            description=_describe(path),
            overridden=(user_dir / path.name).is_file(),
        )
        for path in sorted(found, key=key)
    ]


def copy_template(builtin_dir: Path, user_dir: Path, name: str) -> Path:
    """Copy the built-in template *name* into *user_dir* to start from; return the new path.

    An existing user template is never overwritten: it may hold hours of someone's work.
    """
    source = builtin_dir / name
    if "/" in name or "\\" in name or not source.is_file():
        raise InvalidInputError(f"There is no built-in template called {name!r}.")
    target = user_dir / name
    if target.exists():
        raise InvalidInputError(f"You already have your own {name}; it was left as it is.")
    try:
        make_private_dirs(user_dir)
        shutil.copyfile(source, target)
        target.chmod(0o600)  # like every file the app writes: the user's own
    except OSError as exc:
        reason = (exc.strerror or type(exc).__name__).lower()
        raise ReadOnlyError(f"{target} cannot be written ({reason}).") from exc
    return target


# The parts every HTML document includes, by what they draw.
_SHARED_PARTS = {
    "_document": "Page layout of every HTML document",
    "_case_chart": "The case over time: the chart in the handover and the review",
}


def _describe(path: Path) -> str:
    fmt = _FORMAT_NAMES[path.suffix.lstrip(".")]
    if path.stem in _SHARED_PARTS:
        return _SHARED_PARTS[path.stem]
    if path.stem.startswith("_"):
        return "Part shared by the HTML documents"
    return f"{KIND_TITLES.get(path.stem, path.stem.capitalize())} · {fmt}"
