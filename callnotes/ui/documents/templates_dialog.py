"""Your report templates: where they live, and copying a built-in one there to start from."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from callnotes.errors import CallnotesError
from callnotes.paths import make_private_dirs
from callnotes.reports.user_templates import TemplateInfo
from callnotes.ui.common.banner import BannerWidget
from callnotes.ui.common.file_dialogs import OpenFile, hand_over, open_with_default_app

_NAME_ROLE = Qt.ItemDataRole.UserRole + 1


class TemplatesDialog(QDialog):
    """Lists the built-in templates, marks the ones you replaced, copies one into your folder."""

    def __init__(
        self,
        folder: Path,
        list_templates: Callable[[], Sequence[TemplateInfo]],
        copy_template: Callable[[str], Path],
        *,
        open_file: OpenFile = open_with_default_app,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._folder = folder
        self._list_templates = list_templates
        self._copy_template = copy_template
        self._open_file = open_file
        self.setWindowTitle(self.tr("Report templates"))
        self.setAccessibleName(self.tr("Report templates"))

        intro = QLabel(
            self.tr(
                "A template in your folder with the same name as a built-in one is used "
                "instead of it. Templates are Jinja2; a document gets <code>r</code> (every "
                "fact of the case), <code>title</code> and <code>next_steps</code>. If your "
                "template has a mistake, callnotes names the file and line and uses the "
                "built-in one."
            ),
            self,
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        self.folder_label = QLabel(str(folder), self)
        self.folder_label.setAccessibleName(self.tr("Your templates folder"))
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label.setWordWrap(True)
        open_folder = QPushButton(self.tr("&Open folder"), self)
        open_folder.setAccessibleName(self.tr("Open your templates folder"))
        open_folder.setAutoDefault(False)
        open_folder.clicked.connect(self._on_open_folder_clicked)

        self.templates = QListWidget(self)
        self.templates.setAccessibleName(self.tr("Built-in templates"))
        self.templates.currentItemChanged.connect(self._on_templates_current_changed)
        self.copy_button = QPushButton(self.tr("&Copy to my folder"), self)
        self.copy_button.setAccessibleName(self.tr("Copy the chosen template to your folder"))
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy_selected)
        self.banner = BannerWidget(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Last action"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)

        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(open_folder)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(folder_row)
        layout.addWidget(self.banner)
        layout.addWidget(self.templates, 1)
        layout.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(620, 520)
        self.refresh()

    def refresh(self) -> None:
        """List the templates again, keeping the chosen one."""
        chosen = self._chosen_name()
        self.templates.clear()
        for info in self._list_templates():
            text = f"{info.name} — {info.description}"
            if info.overridden:
                text += self.tr(" (yours is used)")
            item = QListWidgetItem(text, self.templates)
            item.setData(_NAME_ROLE, info.name)
            item.setData(Qt.ItemDataRole.UserRole, info.overridden)
            if info.name == chosen:
                self.templates.setCurrentItem(item)
        if self.templates.currentItem() is None and self.templates.count():
            self.templates.setCurrentRow(0)
        self._update_copy_button()

    def copy_selected(self) -> None:
        """Copy the chosen built-in template into the user's folder."""
        name = self._chosen_name()
        if name is None:
            return
        try:
            path = self._copy_template(name)
        except CallnotesError as exc:
            self.banner.show_message(str(exc))
            return
        self.banner.clear()
        self.status.setText(
            self.tr("Copied {name} to {folder}. Edit it there; the next document uses it.").format(
                name=path.name, folder=path.parent
            )
        )
        self.refresh()

    def _chosen_name(self) -> str | None:
        item = self.templates.currentItem()
        return None if item is None else str(item.data(_NAME_ROLE))

    def _update_copy_button(self) -> None:
        item = self.templates.currentItem()
        self.copy_button.setEnabled(item is not None and not item.data(Qt.ItemDataRole.UserRole))

    def _on_templates_current_changed(self, *_items: object) -> None:
        self._update_copy_button()

    def _on_open_folder_clicked(self) -> None:
        # The folder exists only once a template was copied; create it so the agent can
        # drop their own files in.
        try:
            make_private_dirs(self._folder)
        except OSError as exc:
            self.banner.show_message(
                self.tr("{folder} cannot be created ({reason}).").format(
                    folder=self._folder, reason=(exc.strerror or type(exc).__name__).lower()
                )
            )
            return
        unopened = hand_over(self._open_file, self._folder)
        if unopened:
            self.banner.show_message(unopened)
