"""The report preview and the templates dialog, driven as the agent drives them."""

from __future__ import annotations

import email
import io
import unicodedata
from email import policy
from functools import partial
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QPushButton

from callnotes.app import AppContext
from callnotes.domain.timeline import EntryKind
from callnotes.ui.common.change_notice import ChangeNotice
from callnotes.ui.common.task_runner import SynchronousTaskRunner
from callnotes.ui.documents.report_preview import ReportPreviewDialog
from callnotes.ui.documents.templates_dialog import TemplatesDialog


def squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


class FakeFiles:
    """Stands in for the file dialog and the desktop: answers at once with a chosen path."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.asked: list[tuple[str, Path, str]] = []
        self.opened: list[Path] = []
        self.answer: Path | None = None

    def ask_save_path(self, parent, caption, suggested, name_filter, on_chosen) -> None:
        self.asked.append((caption, suggested, name_filter))
        on_chosen(self.answer or self.folder / suggested.name)

    def open_file(self, path: Path) -> None:
        self.opened.append(path)


@pytest.fixture
def files(tmp_path: Path) -> FakeFiles:
    return FakeFiles(tmp_path)


@pytest.fixture
def demo(ctx: AppContext) -> int:
    return ctx.demo.load_demo()


@pytest.fixture
def dialog(qtbot, ctx: AppContext, demo: int, files: FakeFiles) -> ReportPreviewDialog:
    preview = ReportPreviewDialog(
        partial(ctx.documents.build, demo),
        ctx.documents.export,
        ask_save_path=files.ask_save_path,
        open_file=files.open_file,
        folder=files.folder,
    )
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitExposed(preview)
    return preview


def test_opens_on_the_client_status_report_without_internal_notes(
    dialog: ReportPreviewDialog, ctx: AppContext, demo: int
) -> None:
    shown = dialog.preview.toPlainText()
    assert not dialog.isModal()
    assert "Warehouse cannot print delivery labels" in shown
    assert "Delivery labels do not print in the warehouse" in shown
    internal = next(e.text for e in ctx.timeline.entries(demo) if e.internal)
    assert internal not in shown
    assert "Written for the client" in dialog.audience.text()
    assert "Status report" in dialog.windowTitle()


def test_choosing_another_document_and_view(dialog: ReportPreviewDialog) -> None:
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("handover"))
    assert dialog.document is not None and dialog.document.kind == "handover"
    assert "Suggested next steps" in dialog.preview.toPlainText()
    assert "includes internal notes" in dialog.audience.text()
    dialog.view_box.setCurrentIndex(dialog.view_box.findData("md"))
    assert dialog.preview.toPlainText().startswith("# Handover: Warehouse cannot print")


def test_page_down_in_the_document_chooser_turns_the_preview_pages(
    qtbot, dialog: ReportPreviewDialog
) -> None:
    # The dialog opens with the keyboard in the chooser, where a combo box's own Page Down
    # would jump to the last document.
    dialog.resize(600, 400)
    dialog.kind_box.setFocus()
    qtbot.waitUntil(dialog.kind_box.hasFocus)
    bar = dialog.preview.verticalScrollBar()
    assert bar.maximum() > bar.pageStep() and bar.value() == 0
    qtbot.keyClick(dialog.kind_box, Qt.Key.Key_PageDown)
    assert dialog.document is not None and dialog.document.kind == "status"
    assert bar.value() == bar.pageStep()
    qtbot.keyClick(dialog.view_box, Qt.Key.Key_PageUp)
    assert bar.value() == 0
    assert dialog.view_box.currentData() == "html"
    qtbot.keyClick(dialog.kind_box, Qt.Key.Key_Down)  # arrows still choose
    assert dialog.document.kind != "status"


def test_the_case_chart_is_drawn_at_the_size_the_page_shows_it(
    dialog: ReportPreviewDialog,
) -> None:
    # The SVG declares three times its shown size (sharp in a PDF); shrunk by the page without
    # smoothing, its labels broke up on screen.
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QImage, QTextDocument

    from callnotes.ui.common.page_view import _svg_images

    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("handover"))
    document = dialog.preview.document()
    charts = _svg_images(document)
    assert len(charts) == 1
    chart = charts[0]
    drawn = document.resource(QTextDocument.ResourceType.ImageResource.value, QUrl(chart.name()))
    assert isinstance(drawn, QImage)
    ratio = drawn.devicePixelRatio()
    assert (drawn.width(), drawn.height()) == (
        round(chart.width() * ratio),
        round(chart.height() * ratio),
    )
    inked = {
        drawn.pixel(x, y) for x in range(0, drawn.width(), 7) for y in range(0, drawn.height(), 7)
    }
    assert len(inked) > 3  # the chart is drawn, not a blank picture


def test_save_as_another_format_is_reached_by_its_key(qtbot, dialog: ReportPreviewDialog):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMenu

    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    offered: list[str] = []

    def read_and_close_the_menu() -> None:  # the menu runs a loop of its own until closed
        menu = QApplication.activePopupWidget()
        if isinstance(menu, QMenu):
            offered.extend(action.text() for action in menu.actions())
            menu.close()

    QTimer.singleShot(300, read_and_close_the_menu)
    qtbot.keyClick(dialog, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: bool(offered))
    assert any("Markdown" in text for text in offered)


def test_save_pdf_writes_the_document(qtbot, dialog: ReportPreviewDialog, files: FakeFiles) -> None:
    with qtbot.waitSignal(dialog.document_saved) as saved:
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    path = Path(saved.args[0])
    caption, suggested, name_filter = files.asked[0]
    assert caption == "Save PDF document"
    assert suggested.name.startswith("northwind-logistics-status-")
    assert name_filter == "PDF document (*.pdf)"
    text = squash("".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages))
    assert "Warehousecannotprintdeliverylabels" in text
    assert path.name in dialog.status.text()
    assert files.opened == [], "a PDF is saved, not opened"


def test_changes_to_the_case_render_it_again_once_they_pause(
    qtbot, ctx: AppContext, demo: int, files: FakeFiles
) -> None:
    built: list[str] = []

    def build(kind: str):
        built.append(kind)
        return ctx.documents.build(demo, kind)

    preview = ReportPreviewDialog(
        build,
        ctx.documents.export,
        ask_save_path=files.ask_save_path,
        open_file=files.open_file,
        folder=files.folder,
    )
    qtbot.addWidget(preview)
    notice = ChangeNotice(ctx.subscribe_changes, preview)
    preview.follow(notice, demo, delay_ms=100)
    assert built == ["status"]
    for n in (1, 2, 3):  # three notes typed one after the other: three notices
        ctx.timeline.add_entry(
            demo, f"Labels printed at station {n}.", EntryKind.NOTE, for_client=True
        )
    preview.save("md")  # asked for before the document holds the notes: it waits for them
    assert files.asked == [] and built == ["status"]
    qtbot.waitUntil(lambda: "Labels printed at station 3." in preview.preview.toPlainText())
    assert built == ["status", "status"]  # one rendering for the three
    [(_caption, suggested, _filter)] = files.asked
    assert "Labels printed at station 3." in (files.folder / suggested.name).read_text(
        encoding="utf-8"
    )
    notice.close()


def test_a_name_without_its_suffix_gets_one(dialog: ReportPreviewDialog, files: FakeFiles) -> None:
    files.answer = files.folder / "for-dana"
    dialog.save("md")
    written = files.folder / "for-dana.md"
    assert written.read_text(encoding="utf-8").startswith("# Status report:")


def test_email_draft_is_saved_then_opened(dialog: ReportPreviewDialog, files: FakeFiles) -> None:
    dialog.buttons["eml"].click()
    [path] = files.opened
    draft = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert draft["To"] == "Dana Whitfield <dana.whitfield@northwind.example>"
    assert draft["X-Unsent"] == "1"


def test_calendar_needs_a_promised_update(qtbot, ctx: AppContext, files: FakeFiles, dialog) -> None:
    assert dialog.buttons["ics"].isEnabled()
    dialog.buttons["ics"].click()
    assert files.opened[-1].suffix == ".ics"
    client = ctx.clients.create_client("Harbour Dental Group", timezone="Europe/London")
    case = ctx.cases.open_case(client.id, "Appointment reminders sent twice")
    quiet = ReportPreviewDialog(partial(ctx.documents.build, case.id), ctx.documents.export)
    qtbot.addWidget(quiet)
    assert not quiet.buttons["ics"].isEnabled()
    assert "No next update" in quiet.buttons["ics"].toolTip()


def test_copy_puts_formatted_and_plain_text_on_the_clipboard(
    dialog: ReportPreviewDialog,
) -> None:
    dialog.buttons["copy"].click()
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.hasHtml() and mime.hasText()
    assert 'style="' in mime.html(), "styles inline, so they survive pasting"
    assert mime.text() == dialog.document.text
    assert bytes(mime.data("text/markdown")).decode() == dialog.document.markdown
    assert "clipboard" in dialog.status.text()


def test_print_preview_paints_every_page(
    qtbot, dialog: ReportPreviewDialog, tmp_path: Path
) -> None:
    qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    preview = dialog.print_preview
    assert preview is not None and preview.isVisible()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    preview.paintRequested.emit(printer)
    pages = PdfReader(str(tmp_path / "printed.pdf")).pages
    assert "page1of" in squash(pages[0].extract_text())
    assert "NorthwindLogistics" in squash(pages[0].extract_text())
    preview.reject()
    assert dialog.print_preview is None


def test_a_broken_user_template_shows_a_banner(qtbot, ctx: AppContext, demo: int) -> None:
    ctx.paths.templates_dir.mkdir(parents=True)
    (ctx.paths.templates_dir / "status.html").write_text("{% if %}", encoding="utf-8")
    runner = SynchronousTaskRunner()
    preview = ReportPreviewDialog(
        partial(ctx.documents.build, demo), ctx.documents.export, runner=runner
    )
    qtbot.addWidget(preview)
    preview.show()
    assert preview.banner.isVisible()
    assert "status.html, line 1" in preview.banner.text()
    assert "Delivery labels do not print" in preview.preview.toPlainText()


def test_a_save_that_fails_says_why(dialog: ReportPreviewDialog, files: FakeFiles) -> None:
    files.answer = files.folder / "missing" / "status.pdf"
    dialog.save("pdf")
    assert dialog.banner.isVisible()
    assert "does not exist" in dialog.banner.text()


def test_an_unknown_case_shows_its_error(qtbot, ctx: AppContext) -> None:
    preview = ReportPreviewDialog(partial(ctx.documents.build, 42), ctx.documents.export)
    qtbot.addWidget(preview)
    assert "no case with id 42" in preview.banner.text()
    assert not preview.buttons["pdf"].isEnabled()


def test_templates_dialog_copies_a_built_in_template(
    qtbot, ctx: AppContext, files: FakeFiles
) -> None:
    dialog = TemplatesDialog(
        ctx.paths.templates_dir,
        ctx.documents.templates,
        ctx.documents.copy_template,
        open_file=files.open_file,
    )
    qtbot.addWidget(dialog)
    assert dialog.folder_label.text() == str(ctx.paths.templates_dir)
    assert dialog.templates.currentItem().text().startswith("status.html")
    dialog.copy_button.click()
    assert (ctx.paths.templates_dir / "status.html").is_file()
    assert "(yours is used)" in dialog.templates.currentItem().text()
    assert not dialog.copy_button.isEnabled()
    assert "Copied status.html" in dialog.status.text()
    dialog._on_open_folder_clicked()
    assert files.opened == [ctx.paths.templates_dir]


def test_the_templates_folder_no_file_manager_opens_says_where_it_is(
    qtbot, ctx: AppContext
) -> None:
    opened: list[Path] = []
    dialog = TemplatesDialog(
        ctx.paths.templates_dir,
        ctx.documents.templates,
        ctx.documents.copy_template,
        open_file=lambda path: opened.append(path) or False,  # no file manager
    )
    qtbot.addWidget(dialog)
    dialog.show()
    [button] = [b for b in dialog.findChildren(QPushButton) if b.text() == "&Open folder"]
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(opened))
    assert opened == [ctx.paths.templates_dir] and ctx.paths.templates_dir.is_dir()
    assert dialog.banner.text() == (
        f"No file manager could be opened: the folder is {ctx.paths.templates_dir}."
    )
