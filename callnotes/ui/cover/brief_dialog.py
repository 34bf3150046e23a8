"""The stand-in's cover brief: one colleague away, their clients, promises and updates.

Opens at once and fills when the brief has been read (through the task runner); redraws when
the team, the clients, promises, updates or a case change. Print (Ctrl+P) through the print
preview and Save as PDF (Ctrl+S) write the same page. An internal document: for the team.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtGui import QKeySequence
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QPushButton, QWidget

from callnotes.domain.changes import Part
from callnotes.domain.people import TeamMemberRecord
from callnotes.errors import CallnotesError
from callnotes.reports.cover_brief import CoverBriefDocument
from callnotes.reports.pdf import paint_pages
from callnotes.ui.common.change_notice import ChangeNotice
from callnotes.ui.common.file_dialogs import ask_save_path, documents_folder
from callnotes.ui.common.key_names import with_key
from callnotes.ui.common.page_view import PageView
from callnotes.ui.common.reading_dialog import ReadingDialog
from callnotes.ui.common.task_runner import TaskRunner
from callnotes.ui.cover.actions import CoverActions

PRINT_KEYS, SAVE_KEYS = "Ctrl+P", "Ctrl+S"
#: What the brief is made of: a change to any of these is read again.
BRIEF_PARTS = (Part.TEAM, Part.CLIENTS, Part.CASE, Part.PROMISES, Part.UPDATES)


class CoverBriefDialog(ReadingDialog):
    """Choose a colleague away; read their brief; print it or save it as a PDF."""

    parts = BRIEF_PARTS

    def __init__(
        self,
        actions: CoverActions,
        runner: TaskRunner,
        changes: ChangeNotice | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            self.tr("Cover brief"), runner, changes, parent, intro=self.tr("Reading who is away…")
        )
        self._actions = actions
        self._document: CoverBriefDocument | None = None
        self.print_preview: QPrintPreviewDialog | None = None
        self.save_dialog: QWidget | None = None
        self.colleague = self.add_chooser(
            self.tr("&Colleague away"), "coverColleague", self.tr("Colleague away")
        )
        self.page = PageView(self)
        self.page.setObjectName("coverBriefPage")
        self.page.setAccessibleName(self.tr("Cover brief"))
        self.page.setOpenLinks(False)
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.print_button.setShortcut(QKeySequence(PRINT_KEYS))
        self.print_button.setToolTip(
            with_key(self.tr("Print the brief"), self.print_button.shortcut())
        )
        self.save_button = QPushButton(self.tr("Save as PDF…"), self)
        self.save_button.setShortcut(QKeySequence(SAVE_KEYS))
        self.save_button.setToolTip(
            with_key(self.tr("Save the brief as a PDF"), self.save_button.shortcut())
        )
        self.add_button(self.print_button)
        self.add_button(self.save_button)
        self.print_button.clicked.connect(self.print_brief)
        self.save_button.clicked.connect(self.save_pdf)
        self.colleague.currentIndexChanged.connect(self._on_colleague_changed)
        self.lay_out(self.page, 720, 640)
        self._set_ready(False)
        self.reload()

    @property
    def document(self) -> CoverBriefDocument | None:
        """The brief shown (None until read)."""
        return self._document

    def reload(self) -> None:
        """Read who is away, then the chosen colleague's brief."""
        self.read(self._actions.away, self._show_away, key="cover-away")

    def print_brief(self) -> None:
        """The print preview, where the agent picks a printer and prints."""
        document = self._document
        if document is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(document.title)
        preview = QPrintPreviewDialog(printer, self)
        preview.setWindowTitle(self.tr("Print {title}").format(title=document.title))
        preview.paintRequested.connect(lambda device: self._paint(document, device))
        self.print_preview = preview
        preview.open()

    def save_pdf(self) -> None:
        """Ask where, then write the PDF off the GUI thread."""
        document = self._document
        if document is None:
            return
        self.save_dialog = ask_save_path(
            self,
            self.tr("Save the cover brief"),
            documents_folder() / f"{document.file_stem}.pdf",
            self.tr("PDF document (*.pdf)"),
            lambda path: self.write_pdf(path),
        )

    def write_pdf(self, path: Path) -> None:
        """Write the brief shown to *path* as a PDF."""
        document = self._document
        if document is None:
            return
        write = self._actions.write_pdf
        self.read(
            lambda: write(document, path),
            lambda written: self.intro.setText(
                self.tr("Saved {name} in {folder}.").format(
                    name=written.name, folder=written.parent
                )
            ),
        )

    def _show_away(self, away: Sequence[TeamMemberRecord]) -> None:
        chosen = self.colleague.currentData()
        self.colleague.blockSignals(True)
        self.colleague.clear()
        for member in away:
            self.colleague.addItem(member.name, member.id)
        found = self.colleague.findData(chosen)
        self.colleague.setCurrentIndex(found if found >= 0 else 0)
        self.colleague.blockSignals(False)
        if not away:
            self._document = None
            self.page.clear()
            self._set_ready(False)
            self.intro.setText(
                self.tr(
                    "Nobody is marked away. Set an absence, and who covers it, in the team "
                    "directory."
                )
            )
            return
        self._read_brief()

    def _read_brief(self) -> None:
        member_id = self.colleague.currentData()
        if member_id is None:
            return
        brief = self._actions.brief_document
        self.read(lambda: brief(int(member_id)), self._show_brief, key="cover-brief")

    def _show_brief(self, document: CoverBriefDocument) -> None:
        self._document = document
        scroll = self.page.verticalScrollBar().value()
        self.page.setHtml(document.html)
        self.page.verticalScrollBar().setValue(scroll)
        self.intro.setText(
            self.tr("For the team only: never send it to a client. {print} prints it.").format(
                print=PRINT_KEYS
            )
        )
        self.banner.clear()
        self._set_ready(True)

    def _paint(self, document: CoverBriefDocument, printer: QPrinter) -> None:
        try:
            paint_pages(document.html, printer, footer=document.footer)
        except CallnotesError as exc:
            self.show_problem(exc)

    def _set_ready(self, ready: bool) -> None:
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)

    def _on_colleague_changed(self, _index: int) -> None:
        self._read_brief()
