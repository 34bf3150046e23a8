"""Rendering a document from a context: user template first, built-in as the safety net."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from jinja2 import TemplateError, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from callnotes.errors import InvalidInputError
from callnotes.reports.context import ReportContext
from callnotes.reports.environment import make_environment, render_limited
from callnotes.reports.next_steps import next_steps

TEXT_FORMATS = ("html", "md", "txt")
# The documents, in the order the app offers them, with the title each one carries.
KIND_TITLES = {
    "status": "Status report",
    "minutes": "Meeting minutes",
    "handover": "Handover",
    "review": "Case review",
}
_TEMPLATE_SUFFIXES = tuple(f".{fmt}" for fmt in TEXT_FORMATS)


@dataclass(frozen=True)
class Rendered:
    """A rendered document and anything the user should know about how it was made."""

    text: str
    template: str
    problems: tuple[str, ...] = field(default=())


class ReportRenderer:
    """Renders documents; environments are created once per folder and time zone.

    Templates whose names start with ``_`` are shared layouts, not documents. A user folder is
    searched before the built-in one, so a user may override a whole document or just a layout.
    """

    def __init__(self, builtin_dir: Path, user_dir: Path | None = None) -> None:
        self._builtin_dir = builtin_dir
        self._user_dir = user_dir
        self._environments: dict[tuple[tuple[Path, ...], str], ImmutableSandboxedEnvironment] = {}

    @property
    def builtin_dir(self) -> Path:
        """The folder of built-in templates."""
        return self._builtin_dir

    @property
    def user_dir(self) -> Path | None:
        """The folder whose templates override the built-in ones."""
        return self._user_dir

    def kinds(self) -> list[str]:
        """Document kinds that have a built-in template, in the order the app offers them."""
        found = {p.name.split(".")[0] for p in self._builtin_dir.glob("*.html")}
        found = {k for k in found if not k.startswith("_")}
        known = [k for k in KIND_TITLES if k in found]
        return known + sorted(found - set(known))

    def render(self, kind: str, fmt: str, context: ReportContext) -> Rendered:
        """Render *kind* (``status``, ``minutes``…) in *fmt* (``html``, ``md``, ``txt``)."""
        if fmt not in TEXT_FORMATS:
            raise InvalidInputError(f"{fmt!r} is not a text format ({', '.join(TEXT_FORMATS)}).")
        name = f"{kind}.{fmt}"
        if kind.startswith("_") or not (self._builtin_dir / name).is_file():
            raise InvalidInputError(
                f"There is no {kind!r} document (try: {', '.join(self.kinds())})."
            )
        problems: list[str] = []
        if self._has_user_templates(fmt):
            assert self._user_dir is not None
            folders = (self._user_dir, self._builtin_dir)
            try:
                text = self._render_in(folders, name, context)
            except TemplateError as exc:
                problems.append(describe_template_error(name, exc))
            else:
                used = self._user_dir / name
                return Rendered(text, str(used) if used.is_file() else f"built-in {name}")
        text = self._render_in((self._builtin_dir,), name, context)
        return Rendered(text, f"built-in {name}", tuple(problems))

    def _has_user_templates(self, fmt: str) -> bool:
        folder = self._user_dir
        return folder is not None and any(p.is_file() for p in folder.glob(f"*.{fmt}"))

    def _render_in(self, folders: tuple[Path, ...], name: str, context: ReportContext) -> str:
        key = (folders, context.timezone)
        env = self._environments.get(key)
        if env is None:
            env = self._environments[key] = make_environment(folders, context.timezone)
        return render_limited(
            env.get_template(name),
            r=context,
            title=KIND_TITLES.get(name.split(".")[0], ""),
            next_steps=next_steps(context),
        )


def describe_template_error(name: str, exc: TemplateError) -> str:
    """One sentence naming the template, the line when known, and the error."""
    where_name, line = _location(exc)
    template = where_name or name
    where = f"{template}, line {line}" if line else template
    reason = exc.message or type(exc).__name__
    return f"Your template {where} failed ({reason}); the built-in one was used."


def _location(exc: TemplateError) -> tuple[str | None, int | None]:
    """The template file and line an error happened in.

    A syntax error carries them; for an error while rendering, Jinja rewrites the traceback
    so that template frames point at the template file and line.
    """
    if isinstance(exc, TemplateSyntaxError):
        return (Path(exc.filename).name if exc.filename else exc.name), exc.lineno
    found: tuple[str | None, int | None] = (None, None)
    tb: TracebackType | None = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(_TEMPLATE_SUFFIXES):
            found = (Path(filename).name, tb.tb_lineno)
        tb = tb.tb_next
    return found
