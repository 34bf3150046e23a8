"""Rendering a document from a context: user template first, built-in as the safety net."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from callnotes.errors import InvalidInputError
from callnotes.reports.context import ReportContext
from callnotes.reports.environment import make_environment

TEXT_FORMATS = ("html", "md", "txt")
KIND_TITLES = {"minutes": "Meeting minutes"}


@dataclass(frozen=True)
class Rendered:
    """A rendered document and anything the user should know about how it was made."""

    text: str
    template: str
    problems: tuple[str, ...] = field(default=())


class ReportRenderer:
    """Renders documents; environments are created once per folder and time zone."""

    def __init__(self, builtin_dir: Path, user_dir: Path | None = None) -> None:
        self._builtin_dir = builtin_dir
        self._user_dir = user_dir
        self._environments: dict[tuple[Path, str], ImmutableSandboxedEnvironment] = {}

    def kinds(self) -> list[str]:
        """Document kinds that have a built-in template."""
        return sorted({p.name.split(".")[0] for p in self._builtin_dir.glob("*.html")})

    def render(self, kind: str, fmt: str, context: ReportContext) -> Rendered:
        """Render *kind* (``minutes``…) in *fmt* (``html``, ``md``, ``txt``)."""
        if fmt not in TEXT_FORMATS:
            raise InvalidInputError(f"{fmt!r} is not a text format ({', '.join(TEXT_FORMATS)}).")
        name = f"{kind}.{fmt}"
        if not (self._builtin_dir / name).is_file():
            raise InvalidInputError(
                f"There is no {kind!r} document (try: {', '.join(self.kinds())})."
            )
        problems: list[str] = []
        if self._user_dir is not None and (self._user_dir / name).is_file():
            try:
                return Rendered(
                    self._render_in(self._user_dir, name, context), str(self._user_dir / name)
                )
            except TemplateError as exc:
                problems.append(describe_template_error(name, exc))
        text = self._render_in(self._builtin_dir, name, context)
        return Rendered(text, f"built-in {name}", tuple(problems))

    def _render_in(self, folder: Path, name: str, context: ReportContext) -> str:
        key = (folder, context.timezone)
        env = self._environments.get(key)
        if env is None:
            env = self._environments[key] = make_environment(folder, context.timezone)
        return env.get_template(name).render(
            r=context, title=KIND_TITLES.get(name.split(".")[0], "")
        )


def describe_template_error(name: str, exc: TemplateError) -> str:
    """One sentence naming the template, the line when known, and the error."""
    line = getattr(exc, "lineno", None)
    where = f"{name}, line {line}" if isinstance(exc, TemplateSyntaxError) or line else name
    reason = exc.message or type(exc).__name__
    return f"Your template {where} failed ({reason}); the built-in one was used."
