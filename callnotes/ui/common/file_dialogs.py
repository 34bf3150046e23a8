"""Every file dialog the app opens, in one place so tests can replace them.

Dialogs are opened with ``open()`` and answer through a callback, never ``exec()``: a nested
event loop would stall the app and hang tests.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

# (parent, caption, suggested path, name filter such as "PDF document (*.pdf)", on_chosen)
AskSavePath = Callable[[QWidget | None, str, Path, str, Callable[[Path], None]], object]
OpenFile = Callable[[Path], object]


def open_with_default_app(path: Path) -> bool:
    """Open *path* (a file or folder) in the program the desktop uses for it."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def hand_over(open_file: OpenFile, path: Path) -> str | None:
    """Open *path* in the desktop's program for it (a draft in the mail program, an event in
    the calendar, a folder in the file manager): None once one took it, else the sentence to
    show, which says where the file is. The desktop answers False when no program could take
    it (none installed, no launcher)."""
    if open_file(path) is not False:
        return None
    if path.suffix.lower() == ".eml":
        text = "No mail program could be opened: the file is saved at {path}."
    elif path.suffix.lower() == ".ics":
        text = "No calendar program could be opened: the file is saved at {path}."
    elif path.is_dir():
        text = "No file manager could be opened: the folder is {path}."
    else:
        text = "No program could open the file: it is saved at {path}."
    return QCoreApplication.translate("hand_over", text).format(path=path)


def documents_folder() -> Path:
    """The user's documents folder, or their home folder where there is none."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def ask_save_path(
    parent: QWidget | None,
    caption: str,
    suggested: Path,
    name_filter: str,
    on_chosen: Callable[[Path], None],
) -> QFileDialog:
    """Ask where to save, starting at *suggested*; call *on_chosen* with the path if one is chosen.

    The platform's own dialog asks before replacing an existing file.
    """
    dialog = QFileDialog(parent, caption, str(suggested.parent), name_filter)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setDefaultSuffix(suggested.suffix.lstrip("."))
    dialog.selectFile(suggested.name)
    dialog.setAccessibleName(caption)
    dialog.fileSelected.connect(lambda chosen: on_chosen(Path(chosen)))
    dialog.open()
    return dialog


def ask_open_path(
    parent: QWidget | None,
    caption: str,
    folder: Path,
    name_filter: str,
    on_chosen: Callable[[Path], None],
) -> QFileDialog:
    """Ask which existing file to open, starting in *folder*; call *on_chosen* with it."""
    dialog = QFileDialog(parent, caption, str(folder), name_filter)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setAccessibleName(caption)
    dialog.fileSelected.connect(lambda chosen: on_chosen(Path(chosen)))
    dialog.open()
    return dialog
