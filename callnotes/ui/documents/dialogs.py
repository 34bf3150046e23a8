"""Opening the documents of a case from the call window: the preview and the templates folder."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from callnotes.ui.common.task_runner import TaskRunner
from callnotes.ui.documents.report_preview import ReportPreviewDialog
from callnotes.ui.documents.templates_dialog import TemplatesDialog

if TYPE_CHECKING:
    from callnotes.app import AppContext


def open_documents(
    ctx: AppContext, case_id: int, kind: str, runner: TaskRunner, parent: QWidget
) -> ReportPreviewDialog:
    """Show the preview of *kind* for *case_id*, non-modal, built off the GUI thread."""
    dialog = ReportPreviewDialog(
        partial(ctx.documents.build, case_id, for_print=True),
        ctx.documents.export,
        kinds=[k for k, _title in ctx.documents.kinds()],
        kind=kind,
        runner=runner,
        region=ctx.settings.default_region,
        parent=parent,
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def open_templates(ctx: AppContext, parent: QWidget) -> TemplatesDialog:
    """The user's report templates folder, and copies of the built-in ones to start from."""
    dialog = TemplatesDialog(
        ctx.paths.templates_dir,
        ctx.documents.templates,
        ctx.documents.copy_template,
        parent=parent,
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
