"""Documents of a case: rendered from its one report context, exported in any format."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from callnotes.errors import InvalidInputError
from callnotes.reports.documents import (
    ALL_TEMPLATES,
    TEMPLATES_OF,
    Document,
    PdfMaker,
    build_document,
    export,
)
from callnotes.reports.print_check import PrintCheck
from callnotes.reports.render import KIND_TITLES, ReportRenderer
from callnotes.reports.user_templates import TemplateInfo, copy_template, list_templates
from callnotes.services.documents.reporting import ReportService


class DocumentService:
    """Use cases around documents: build one, export it, manage the user's templates."""

    def __init__(
        self,
        reports: ReportService,
        renderer: ReportRenderer,
        to_pdf: PdfMaker | None = None,
        *,
        region: Callable[[], str] = lambda: "",
    ) -> None:
        self._reports = reports
        self._renderer = renderer
        self._to_pdf = to_pdf
        #: The agent's region (ISO 3166, "AU"), read at each export: it picks A4 or US Letter.
        self.region = region

    def kinds(self) -> list[tuple[str, str]]:
        """The documents on offer as ``(kind, title)``, in the order the app shows them."""
        return [(k, KIND_TITLES.get(k, k.capitalize())) for k in self._renderer.kinds()]

    def build(
        self,
        case_id: int,
        kind: str,
        *,
        for_print: bool = False,
        only_for: str | None = None,
    ) -> Document:
        """Render *kind* for the case from one fresh read of its facts (with *only_for*, an
        output format such as ``txt``, only the templates that output is made from).

        *for_print* (the preview, which prints and saves PDFs) adds to its problems what a
        print or PDF of it would leave out: characters no font has, text a PDF search will not
        find. That check loads Qt, which the text formats do without.
        """
        if kind not in self._renderer.kinds():
            known = ", ".join(self._renderer.kinds())
            raise InvalidInputError(f"There is no {kind!r} document (try: {known}).")
        templates = ALL_TEMPLATES if only_for is None else TEMPLATES_OF.get(only_for, ())
        context = self._reports.context(case_id)
        document = build_document(self._renderer, kind, context, templates)
        if not for_print:
            return document
        found = self.check_print(document).sentences()
        return replace(document, problems=tuple(dict.fromkeys(document.problems + found)))

    def check_print(self, document: Document) -> PrintCheck:
        """What printing *document*, or making a PDF of it, would leave out."""
        # Imported here: Qt loads only when a document is to be printed.
        from callnotes.reports.pdf import check_print

        return check_print(document.html, footer=document.footer)

    def export(self, document: Document, fmt: str) -> bytes:
        """*document* as the bytes of a file in *fmt* (pdf, html, md, txt, eml, ics).

        PDFs are on A4, or on US Letter where the agent's region uses it.
        """
        return export(document, fmt, to_pdf=self._to_pdf or self._pdf_maker())

    def _pdf_maker(self) -> PdfMaker:
        region = self.region()

        def to_pdf(html: str, *, title: str, footer: str) -> bytes:
            # Imported here: Qt loads only when a PDF is wanted, so text formats stay quick.
            from callnotes.reports.pdf import html_to_pdf

            return html_to_pdf(html, title=title, footer=footer, region=region)

        return to_pdf

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
