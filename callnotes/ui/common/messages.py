"""Every message box the app opens, in one place so tests can replace them.

Boxes are opened with ``open()`` (window-modal, non-blocking), never ``exec()``: a nested event
loop would stall the app and hang tests.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

import callnotes


def _tr(text: str) -> str:
    return QCoreApplication.translate("messages", text)


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Close, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setAccessibleName(title)
    return box


def show_about(parent: QWidget | None) -> QMessageBox:
    """The Help → About box."""
    box = _box(
        parent,
        QMessageBox.Icon.Information,
        _tr("About callnotes"),
        _tr(
            "callnotes {version}\n\nNotes, priorities and documents for the support call that "
            "matters."
        ).format(version=callnotes.__version__),
    )
    box.open()
    return box


def show_error(parent: QWidget | None, message: str) -> QMessageBox:
    """A known problem (a user error) that reached no panel: its one sentence, no traceback."""
    box = _box(parent, QMessageBox.Icon.Warning, _tr("callnotes"), message)
    box.open()
    return box


def show_crash(parent: QWidget | None, details: str) -> QMessageBox:
    """An unexpected error: an apology, and the traceback ready to copy into a bug report."""
    box = _box(
        parent,
        QMessageBox.Icon.Critical,
        _tr("Unexpected error"),
        _tr(
            "Something went wrong inside callnotes. Notes already saved are safe.\n\n"
            "Please copy the details into a bug report."
        ),
    )
    box.setDetailedText(details)
    copy = box.addButton(_tr("Copy details"), QMessageBox.ButtonRole.ActionRole)
    # An action button closes the box too; copying first means one click does both.
    copy.clicked.connect(lambda: QApplication.clipboard().setText(details))
    box.open()
    return box


def ask_wrap_up(
    parent: QWidget | None, missing: list[str], still_open: list[str] | None = None
) -> QMessageBox:
    """Before wrap-up: what the call has not captured, and what stays open after it.

    Something the guide asks for and the call lacks is a warning: "Go back" is the default and
    "Wrap up anyway" is recorded. Open promises, an update due or an escalation waiting are the
    normal state of a case after a call: they are listed as a reminder and "Wrap up" is the
    default (Enter).

    The caller connects to the box's ``accepted`` signal (wrap up).
    """
    if missing:
        icon, title = QMessageBox.Icon.Warning, _tr("Before you wrap up")
        text = _tr("This call has not captured everything the guide asks for:")
    else:
        icon, title = QMessageBox.Icon.Information, _tr("Wrap up the call")
        text = _tr("Still open after this call; the Updates tab keeps reminding you:")
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    lines = [f"• {item}" for item in missing]
    if missing and still_open:
        lines += ["", _tr("Still open:")]
    lines += [f"• {item}" for item in still_open or []]
    box.setInformativeText("\n".join(lines))
    # Each reached with Alt and its letter too, not only by Tab (the box has no other keys).
    back = box.addButton(_tr("&Go back"), QMessageBox.ButtonRole.RejectRole)
    wrap = box.addButton(
        _tr("&Wrap up anyway") if missing else _tr("&Wrap up"), QMessageBox.ButtonRole.AcceptRole
    )
    box.setDefaultButton(back if missing else wrap)
    box.setEscapeButton(back)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setAccessibleName(title)
    box.open()
    return box
