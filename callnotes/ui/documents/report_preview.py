"""The report preview: a case's documents as they print, ready to print, save, mail or copy."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QMimeData, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFontDatabase, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QAbstractSlider,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from callnotes.atomic import write_atomic
from callnotes.domain.changes import Changes, Part
from callnotes.domain.text import counted
from callnotes.errors import CallnotesError
from callnotes.reports.documents import OUTPUT_FORMATS, Document
from callnotes.reports.email_draft import no_recipient
from callnotes.reports.inline_styles import inline_styles
from callnotes.reports.pdf import page_layout, paint_pages
from callnotes.reports.render import KIND_TITLES
from callnotes.ui.common import file_dialogs
from callnotes.ui.common.banner import BannerWidget
from callnotes.ui.common.change_notice import ChangeNotice
from callnotes.ui.common.key_names import with_key
from callnotes.ui.common.page_view import PageView
from callnotes.ui.common.task_runner import SynchronousTaskRunner, TaskRunner

BuildDocument = Callable[[str], Document]
ExportDocument = Callable[[Document, str], bytes]

KINDS = tuple(KIND_TITLES)  # the documents, in the order the app offers them
# A document may show any fact of its case: every part but a draft being typed.
_SHOWN_PARTS = tuple(part for part in Part if part is not Part.DRAFTS)
_PAPER = "QTextBrowser { background-color: white; color: black; }"
#: How long the preview waits after a change before rendering again: notes typed one after the
#: other (each a change of the timeline) make one rendering, once the agent pauses.
FOLLOW_DELAY_MS = 1000


_PAGE_KEYS = {
    Qt.Key.Key_PageDown: QAbstractSlider.SliderAction.SliderPageStepAdd,
    Qt.Key.Key_PageUp: QAbstractSlider.SliderAction.SliderPageStepSub,
}


class ReportPreviewDialog(QDialog):
    """Shows one case's documents; prints, saves, mails and copies the one shown.

    *build* renders a document kind for the case (``DocumentService.build`` with the case id
    bound); *export* turns it into file bytes (``DocumentService.export``). With a *runner*
    (else all at once), building and saving happen off the GUI thread: a PDF is laid out and
    written in a worker thread (Qt's text documents and PDF writer are reentrant). Printing
    stays on the GUI thread, as the print preview paints onto the printer it shows. Pages
    are A4, or US Letter where *region* (the agent's, "US") uses it.
    """

    document_saved = Signal(str, str)  # path, format
    document_copied = Signal(str)  # kind

    def __init__(
        self,
        build: BuildDocument,
        export: ExportDocument,
        *,
        kinds: Sequence[str] = KINDS,
        kind: str = "status",
        ask_save_path: file_dialogs.AskSavePath = file_dialogs.ask_save_path,
        open_file: file_dialogs.OpenFile = file_dialogs.open_with_default_app,
        runner: TaskRunner | None = None,
        folder: Path | None = None,
        region: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._build = build
        self._export = export
        self._ask_save_path = ask_save_path
        self._open_file = open_file
        # Without a runner (tests, headless use) everything happens at once, the same way.
        self._runner = runner or SynchronousTaskRunner(self)
        self._folder = folder or file_dialogs.documents_folder()
        self._region = region  # the agent's region (ISO 3166): A4 or US Letter when printing
        self._document: Document | None = None
        self._followed_case: int | None = None  # see follow()
        self._follow_timer = QTimer(self)
        self._follow_timer.setSingleShot(True)
        self._follow_timer.setInterval(FOLLOW_DELAY_MS)
        self._follow_timer.timeout.connect(self.refresh)
        self._ready = False
        self._pending: Callable[[], None] | None = None  # asked for before the document was ready
        self._printer: QPrinter | None = None
        self.print_preview: QPrintPreviewDialog | None = None
        self.setModal(False)
        self.setWindowTitle(self.tr("Documents"))
        self.setAccessibleName(self.tr("Document preview"))

        self.kind_box = self._combo(self.tr("Document"), [(k, self._kind_label(k)) for k in kinds])
        self.kind_box.setCurrentIndex(max(0, self.kind_box.findData(kind)))
        self.view_box = self._combo(
            self.tr("Show as"),
            [
                ("html", self.tr("As printed")),
                ("md", self.tr("Markdown")),
                ("txt", self.tr("Plain text")),
            ],
        )
        self.audience = QLabel(self)
        self.audience.setAccessibleName(self.tr("Who the document is for"))
        self.banner = BannerWidget(self)
        self.preview = PageView(self)
        self.preview.setAccessibleName(self.tr("Preview"))
        self.preview.setOpenLinks(False)
        self.status = QLabel(self)
        self.status.setAccessibleName(self.tr("Last action"))
        #: The action buttons by what they do: print, pdf, eml, ics, copy.
        self.buttons: dict[str, QPushButton] = {}
        self._build_layout()
        self._build_actions()
        self.kind_box.currentIndexChanged.connect(self._on_kind_box_changed)
        self.view_box.currentIndexChanged.connect(self._on_view_box_changed)
        self.resize(840, 900)
        self.refresh()

    @property
    def document(self) -> Document | None:
        """The document shown, once built."""
        return self._document

    def follow(
        self, changes: ChangeNotice, case_id: int, *, delay_ms: int = FOLLOW_DELAY_MS
    ) -> None:
        """Render again when *changes* says a fact of *case_id* changed: once the changes
        pause for *delay_ms* (a print, save or copy asked for meanwhile waits for it)."""
        self._followed_case = case_id
        self._follow_timer.setInterval(delay_ms)
        changes.changed.connect(self._on_changes_changed)

    def _on_changes_changed(self, changes: Changes) -> None:
        if changes.touches(*_SHOWN_PARTS, case_id=self._followed_case):
            # Out of date at once (what is saved now must hold the change); rendered again
            # when the changes pause.
            self._set_ready(False)
            self.status.setText(self.tr("Preparing the document…"))
            self._follow_timer.start()

    @property
    def kind(self) -> str:
        """The kind of document chosen."""
        return str(self.kind_box.currentData())

    def set_kind(self, kind: str) -> None:
        """Show the document of *kind* (``status``, ``minutes``, ``handover``, ``review``)."""
        self.kind_box.setCurrentIndex(max(0, self.kind_box.findData(kind)))

    def refresh(self) -> None:
        """Read the case's facts again and re-render the chosen document."""
        self._follow_timer.stop()
        kind = self.kind
        self._set_ready(False)
        self.status.setText(self.tr("Preparing the document…"))
        self._runner.submit(
            lambda: self._build(kind),
            on_result=self._on_built,
            on_error=self._on_build_failed,
            key=("report-preview", id(self)),
            owner=self,
        )

    def save(self, fmt: str) -> None:
        """Ask where to save the document as *fmt* (a key of ``OUTPUT_FORMATS``), then save."""
        if not self._ready:
            self._when_ready(lambda: self.save(fmt))
            return
        document = self._document
        if document is None:
            return
        spec = OUTPUT_FORMATS[fmt]
        label = self._format_label(fmt)
        self._ask_save_path(
            self,
            self.tr("Save {what}").format(what=label),
            self._folder / document.file_name(fmt),
            f"{label} (*{spec.suffix})",
            lambda path: self._write(document, fmt, path),
        )

    def copy_to_clipboard(self) -> None:
        """Put the document on the clipboard: formatted for rich editors, text for the rest."""
        if not self._ready:
            self._when_ready(self.copy_to_clipboard)
            return
        document = self._document
        if document is None:
            return
        mime = QMimeData()
        mime.setHtml(inline_styles(document.html))
        mime.setText(document.markdown if self.view_box.currentData() == "md" else document.text)
        mime.setData("text/markdown", document.markdown.encode("utf-8"))
        QGuiApplication.clipboard().setMimeData(mime)
        self._say(self.tr("Copied the {title} to the clipboard.").format(title=self._title()))
        self.document_copied.emit(document.kind)

    def print_document(self) -> None:
        """Open the print preview, where the agent picks a printer and prints."""
        if not self._ready:
            self._when_ready(self.print_document)
            return
        document = self._document
        if document is None:
            return
        if self._printer is None:
            # One printer per dialog: the agent's choice of printer holds for the next print.
            self._printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            self._printer.setPageLayout(page_layout(self._region))
        self._printer.setDocName(document.subject)
        if self.print_preview is not None:
            self.print_preview.close()
        preview = QPrintPreviewDialog(self._printer, self)
        preview.setWindowTitle(self.tr("Print {title}").format(title=self._title()))
        preview.paintRequested.connect(lambda printer: self._paint(document, printer))
        preview.finished.connect(self._on_print_preview_finished)
        self.print_preview = preview
        preview.open()

    def _write(self, document: Document, fmt: str, path: Path) -> None:
        suffix = OUTPUT_FORMATS[fmt].suffix
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        export = self._export

        def write() -> Path:  # on a worker thread when there is a runner: no widgets here
            write_atomic(path, export(document, fmt))
            return path

        self._say(self.tr("Saving {name}…").format(name=path.name))
        self._runner.submit(
            write,
            on_result=lambda written: self._on_written(written, fmt, document),
            on_error=self._on_write_failed,
            owner=self,
        )

    def _on_write_failed(self, exc: CallnotesError) -> None:
        self.status.clear()
        self.banner.show_message(str(exc))

    def _on_written(self, path: Path, fmt: str, document: Document) -> None:
        self._folder = path.parent
        self.banner.clear()
        self._say(self.tr("Saved {name} in {folder}.").format(name=path.name, folder=path.parent))
        warnings = []
        if fmt == "eml" and document.recipient is None:
            warnings.append(no_recipient(document.for_client))
        # A draft is meant to be sent and an event to be added: hand them to the desktop.
        if fmt in ("eml", "ics") and (unopened := file_dialogs.hand_over(self._open_file, path)):
            warnings.append(unopened)
        if warnings:
            self.banner.show_message(" ".join(warnings))
        self.document_saved.emit(str(path), fmt)

    def _paint(self, document: Document, printer: QPrinter) -> None:
        try:
            paint_pages(document.html, printer, footer=document.footer)
        except CallnotesError as exc:
            self.banner.show_message(str(exc))

    def _on_print_preview_finished(self, result: int) -> None:
        if result == QDialog.DialogCode.Accepted:
            self._say(self.tr("Sent the {title} to the printer.").format(title=self._title()))
        self.print_preview = None

    def _on_built(self, document: Document) -> None:
        self._document = document
        self.setWindowTitle(
            self.tr("{title} — {case}").format(
                title=self._kind_label(document.kind), case=document.case_title
            )
        )
        if document.problems:
            self.banner.show_message(" ".join(document.problems))
        else:
            self.banner.clear()
        self.audience.setText(
            self.tr(
                "Written for the client: they read {shared}; {left_out} left out (internal, "
                "or notes and actions not marked for the client)."
            ).format(
                shared=counted(document.entries_shared, "timeline entry", "timeline entries"),
                left_out=self.tr("1 is")
                if document.entries_left_out == 1
                else self.tr("{count} are").format(count=document.entries_left_out),
            )
            if document.for_client
            else self.tr("For the team: includes internal notes.")
        )
        self._show_view()
        self._set_ready(True)
        self.status.clear()
        pending, self._pending = self._pending, None
        calendar = self.buttons["ics"]
        calendar.setEnabled(document.next_update is not None)
        calendar.setToolTip(
            self.tr("Add the next update promised to the client to your calendar.")
            if document.next_update is not None
            else self.tr("No next update has been promised to the client yet.")
        )
        if pending is not None:
            pending()

    def _on_build_failed(self, exc: CallnotesError) -> None:
        self._pending = None
        for button in self.buttons.values():
            button.setEnabled(False)  # nothing to print or save until the problem is fixed
        self._document = None
        self.preview.clear()
        self.status.clear()
        self.banner.show_message(str(exc))

    def _on_kind_box_changed(self, _index: int) -> None:
        self.refresh()

    def _on_view_box_changed(self, _index: int) -> None:
        self._show_view()

    def _show_view(self) -> None:
        document = self._document
        if document is None:
            return
        bar = self.preview.verticalScrollBar()
        position = bar.value()
        view = self.view_box.currentData()
        if view == "html":
            # Shown as on paper, whatever the colour scheme: the document sets dark text.
            self.preview.setStyleSheet(_PAPER)
            self.preview.document().setDefaultFont(QGuiApplication.font())
            self.preview.setHtml(document.html)
        else:
            self.preview.setStyleSheet("")
            self.preview.document().setDefaultFont(
                QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
            )
            self.preview.setPlainText(document.markdown if view == "md" else document.text)
        bar.setValue(position)

    def _set_ready(self, ready: bool) -> None:
        # The buttons stay usable while the document is prepared: a press then waits for it
        # (see _when_ready) instead of going nowhere.
        self._ready = ready
        for button in self.buttons.values():
            button.setEnabled(True)

    def _when_ready(self, action: Callable[[], None]) -> None:
        """Run *action* once the document being prepared is ready (the latest request wins)."""
        self._pending = action
        self._say(self.tr("Preparing the document… it follows as soon as it is ready."))

    def _say(self, message: str) -> None:
        self.status.setText(message)
        self.status.setAccessibleDescription(message)

    def _title(self) -> str:
        return self._kind_label(self._document.kind if self._document else self.kind).lower()

    def _kind_label(self, kind: str) -> str:
        title = KIND_TITLES.get(kind, kind.capitalize())
        return QCoreApplication.translate("DocumentKind", title)

    def _format_label(self, fmt: str) -> str:
        labels = {
            "pdf": self.tr("PDF document"),
            "html": self.tr("Web page (HTML)"),
            "md": self.tr("Markdown"),
            "txt": self.tr("Plain text"),
            "eml": self.tr("E-mail draft"),
            "ics": self.tr("Calendar event"),
        }
        return labels[fmt]

    def _combo(self, name: str, items: list[tuple[str, str]]) -> QComboBox:
        box = QComboBox(self)
        box.setAccessibleName(name)
        for data, label in items:
            box.addItem(label, data)
        box.installEventFilter(self)  # Page Up/Down read the document (see eventFilter)
        return box

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Page Up/Down in a chooser turn the preview's pages: the dialog opens with the
        keyboard in the document chooser, where they would otherwise jump to another
        document."""
        if (
            watched in (self.kind_box, self.view_box)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and not event.modifiers()
        ):
            page = _PAGE_KEYS.get(Qt.Key(event.key()))
            if page is not None:
                self.preview.verticalScrollBar().triggerAction(page)
                return True
        return super().eventFilter(watched, event)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        document_label = QLabel(self.tr("&Document"), self)
        document_label.setBuddy(self.kind_box)
        view_label = QLabel(self.tr("S&how"), self)
        view_label.setBuddy(self.view_box)
        top.addWidget(document_label)
        top.addWidget(self.kind_box)
        top.addSpacing(12)
        top.addWidget(view_label)
        top.addWidget(self.view_box)
        top.addSpacing(12)
        top.addWidget(self.audience, 1)
        self.audience.setWordWrap(True)

        actions = QHBoxLayout()
        for fmt, text, tip in (
            ("print", self.tr("&Print…"), self.tr("Print with a preview")),
            ("pdf", self.tr("Save PD&F…"), self.tr("Save as a PDF file")),
            (
                "eml",
                self.tr("&E-mail draft…"),
                self.tr("Save an e-mail draft with the PDF attached, then open it"),
            ),
            ("ics", self.tr("Add to ca&lendar…"), ""),
            ("copy", self.tr("&Copy"), self.tr("Copy formatted and plain text")),
        ):
            button = QPushButton(text, self)
            button.setAccessibleName(text.replace("&", "").rstrip("…"))
            button.setToolTip(tip)
            button.setAutoDefault(False)
            self.buttons[fmt] = button
            actions.addWidget(button)
        more = QToolButton(self)
        more.setText(self.tr("Save &as"))
        more.setAccessibleName(self.tr("Save as another format"))
        more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(more)
        for fmt in ("html", "md", "txt"):
            menu.addAction(self._format_label(fmt) + "…").triggered.connect(
                lambda _checked=False, f=fmt: self.save(f)
            )
        more.setMenu(menu)
        actions.addWidget(more)
        actions.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.close)
        actions.addWidget(close)

        self.buttons["print"].clicked.connect(self.print_document)
        self.buttons["pdf"].clicked.connect(lambda: self.save("pdf"))
        self.buttons["eml"].clicked.connect(lambda: self.save("eml"))
        self.buttons["ics"].clicked.connect(lambda: self.save("ics"))
        self.buttons["copy"].clicked.connect(self.copy_to_clipboard)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.status)
        layout.addLayout(actions)

    def _build_actions(self) -> None:
        for button, keys, slot in (
            ("print", QKeySequence.StandardKey.Print, self.print_document),
            ("pdf", QKeySequence.StandardKey.Save, lambda: self.save("pdf")),
            ("eml", QKeySequence(self.tr("Ctrl+E")), lambda: self.save("eml")),
            ("copy", QKeySequence(self.tr("Ctrl+Shift+C")), self.copy_to_clipboard),
            ("", QKeySequence.StandardKey.Refresh, self.refresh),
        ):
            action = QAction(self)
            action.setShortcut(keys)
            action.triggered.connect(slot)
            self.addAction(action)
            if button:  # its tooltip names the key that does the same
                shown = self.buttons[button]
                shown.setToolTip(with_key(shown.toolTip(), action))


def audience_line(shared: int, left_out: int) -> str:
    """What the client reads of the timeline in a document written for them."""
    verb = "is" if left_out == 1 else "are"
    return (
        f"Written for the client: they read {counted(shared, 'timeline entry', 'timeline entries')}"
        f"; {left_out} {verb} left out (internal, or notes and actions not marked for the client)."
    )
