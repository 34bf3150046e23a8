import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from callnotes.errors import CallnotesError
from callnotes.ui.shell.application import run_gui
from callnotes.ui.shell.crash_hook import install_excepthook


def message_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]


@pytest.fixture
def hook(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    previous = install_excepthook(lambda: parent)
    yield sys.excepthook
    sys.excepthook = previous
    for box in message_boxes():
        box.close()


def raise_into(hook, exc: BaseException) -> None:
    try:
        raise exc
    except BaseException as caught:
        hook(type(caught), caught, caught.__traceback__)


def test_a_bug_opens_one_crash_dialog_whose_details_can_be_copied(hook):
    raise_into(hook, RuntimeError("label queue exploded"))
    raise_into(hook, RuntimeError("and again"))  # a repeating fault must not stack dialogs

    [box] = message_boxes()
    details = box.detailedText()
    assert "RuntimeError: label queue exploded" in details
    assert "Traceback" in details
    copy = next(b for b in box.buttons() if b.text() == "Copy details")
    copy.click()
    assert QApplication.clipboard().text() == details


def test_a_user_error_shows_its_sentence_without_a_traceback(hook):
    raise_into(hook, CallnotesError("The database is locked by another program."))

    [box] = message_boxes()
    assert box.text() == "The database is locked by another program."
    assert not box.detailedText()


def test_run_gui_shows_the_window_and_keeps_its_state_in_the_data_folder(qtbot, ctx, case):
    before = sys.excepthook
    QTimer.singleShot(50, QApplication.closeAllWindows)
    QTimer.singleShot(5000, QApplication.quit)  # never hang the suite if closing fails

    assert run_gui(ctx, []) == 0
    assert (ctx.paths.config_dir / "window-state.ini").is_file()
    assert sys.excepthook is before


def test_making_a_pdf_leaves_the_interface_font_alone(tmp_path) -> None:
    # In a process of its own: the fonts a PDF registers stay registered for the process.
    import subprocess
    import sys

    script = f"""
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QLabel
from callnotes.app import open_context
from callnotes.ui.shell.application import application

app = application([])
before = QFontInfo(QLabel("x").font()).family()
ctx = open_context({str(tmp_path / "data")!r})
case_id = ctx.demo.load_demo()
ctx.documents.export(ctx.documents.build(case_id, "status", for_print=True), "pdf")
print(before, "|", QFontInfo(QLabel("x").font()).family())
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    before, after = done.stdout.strip().splitlines()[-1].split(" | ")
    assert before == after
