"""Rendering a document from a context: user template first, built-in as the safety net."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jinja2.sandbox import ImmutableSandboxedEnvironment

from callnotes.errors import InvalidInputError
from callnotes.reports import environment
from callnotes.reports.context import ReportContext
from callnotes.reports.environment import make_environment, render_limited
from callnotes.reports.next_steps import next_steps
from callnotes.reports.user_render import UserRender, UserTemplateError, render_user_template

TEXT_FORMATS = ("html", "md", "txt")
# The documents, in the order the app offers them, with the title each one carries.
KIND_TITLES = {
    "status": "Status report",
    "minutes": "Meeting minutes",
    "handover": "Handover",
    "review": "Case review",
}


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
                text = self._render_user(folders, name, context)
            except UserTemplateError as exc:
                problems.append(str(exc))
            else:
                used = self._user_dir / name
                return Rendered(text, str(used) if used.is_file() else f"built-in {name}")
        text = self._render_in((self._builtin_dir,), name, context)
        return Rendered(text, f"built-in {name}", tuple(problems))

    def _has_user_templates(self, fmt: str) -> bool:
        folder = self._user_dir
        return folder is not None and any(p.is_file() for p in folder.glob(f"*.{fmt}"))

    def _render_user(self, folders: tuple[Path, ...], name: str, context: ReportContext) -> str:
        """A user's template, in a child process with limits on its time and memory.

        Only when the user has templates of this format: layouts are shared, so a user's
        ``_document.html`` changes every HTML document, and it is code nobody reviewed.
        """
        job = UserRender(
            folders=folders,
            name=name,
            context=context,
            title=KIND_TITLES.get(name.split(".")[0], ""),
            seconds=environment.RENDER_SECONDS,
        )
        return render_user_template(job)

    def _render_in(self, folders: tuple[Path, ...], name: str, context: ReportContext) -> str:
        """A built-in template, trusted and fast: rendered here, in the app's own process."""
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
