"""Documents of a case: rendered from its one report context, exported in any format."""

from __future__ import annotations

from pathlib import Path

from callnotes.errors import InvalidInputError
from callnotes.reports.documents import Document, PdfMaker, build_document, export
from callnotes.reports.render import KIND_TITLES, ReportRenderer
from callnotes.reports.user_templates import TemplateInfo, copy_template, list_templates
from callnotes.services.reporting import ReportService


class DocumentService:
    """Use cases around documents: build one, export it, manage the user's templates."""

    def __init__(
        self, reports: ReportService, renderer: ReportRenderer, to_pdf: PdfMaker | None = None
    ) -> None:
        self._reports = reports
        self._renderer = renderer
        self._to_pdf = to_pdf

    def kinds(self) -> list[tuple[str, str]]:
        """The documents on offer as ``(kind, title)``, in the order the app shows them."""
        return [(k, KIND_TITLES.get(k, k.capitalize())) for k in self._renderer.kinds()]

    def build(self, case_id: int, kind: str) -> Document:
        """Render *kind* for the case from one fresh read of its facts."""
        if kind not in self._renderer.kinds():
            known = ", ".join(self._renderer.kinds())
            raise InvalidInputError(f"There is no {kind!r} document (try: {known}).")
        return build_document(self._renderer, kind, self._reports.context(case_id))

    def export(self, document: Document, fmt: str) -> bytes:
        """*document* as the bytes of a file in *fmt* (pdf, html, md, txt, eml, ics)."""
        return export(document, fmt, to_pdf=self._to_pdf)

    @property
    def templates_folder(self) -> Path | None:
        """Where the user's own templates go."""
        return self._renderer.user_dir

    def templates(self) -> list[TemplateInfo]:
        """The built-in templates and whether each is overridden by the user's own."""
        folder = self._renderer.user_dir
        if folder is None:
            return []
        return list_templates(self._renderer.builtin_dir, folder)

    def copy_template(self, name: str) -> Path:
        """Copy a built-in template into the user's folder to start from; return its path."""
        folder = self._renderer.user_dir
        if folder is None:
            raise InvalidInputError("There is no templates folder for your own templates.")
        return copy_template(self._renderer.builtin_dir, folder, name)
