"""Opening the documents of a case from the call window: the preview and the templates folder.

The window hands these their narrow actions (:class:`DocumentActions`, :class:`TemplateActions`),
built from the document service; the dialogs never see the services themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from callnotes.reports.documents import Document
from callnotes.reports.user_templates import TemplateInfo
from callnotes.ui.common.change_notice import ChangeNotice
from callnotes.ui.common.task_runner import TaskRunner
from callnotes.ui.documents.report_preview import ExportDocument, ReportPreviewDialog
from callnotes.ui.documents.templates_dialog import TemplatesDialog

if TYPE_CHECKING:
    from callnotes.services.documents.documents import DocumentService


@dataclass(frozen=True)
class DocumentActions:
    """What the document preview needs: build a case's document, export it, the kinds."""

    build: Callable[[int, str], Document]  # (case_id, kind), laid out for print
    export: ExportDocument
    kinds: Callable[[], Sequence[str]]  # the documents on offer, in order
    region: str  # the agent's region (ISO 3166): A4 or US Letter

    @classmethod
    def from_services(cls, documents: DocumentService, region: str) -> DocumentActions:
        """Wire the actions to the document service."""
        return cls(
            build=lambda case_id, kind: documents.build(case_id, kind, for_print=True),
            export=documents.export,
            kinds=lambda: [kind for kind, _title in documents.kinds()],
            region=region,
        )


@dataclass(frozen=True)
class TemplateActions:
    """What the templates dialog needs: the user's folder, the templates, copying one there."""

    folder: Path
    list_templates: Callable[[], Sequence[TemplateInfo]]
    copy_template: Callable[[str], Path]

    @classmethod
    def from_services(cls, documents: DocumentService, folder: Path) -> TemplateActions:
        """Wire the actions to the document service; *folder* is the user's templates folder."""
        return cls(folder, documents.templates, documents.copy_template)


def open_documents(
    actions: DocumentActions,
    case_id: int,
    kind: str,
    runner: TaskRunner,
    changes: ChangeNotice,
    parent: QWidget,
) -> ReportPreviewDialog:
    """Show the preview of *kind* for *case_id*, non-modal, built off the GUI thread.

    It renders again whenever *changes* says a fact of the case changed.
    """
    dialog = ReportPreviewDialog(
        partial(actions.build, case_id),
        actions.export,
        kinds=list(actions.kinds()),
        kind=kind,
        runner=runner,
        region=actions.region,
        parent=parent,
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.follow(changes, case_id)
    dialog.show()
    return dialog


def open_templates(actions: TemplateActions, parent: QWidget) -> TemplatesDialog:
    """The user's report templates folder, and copies of the built-in ones to start from."""
    dialog = TemplatesDialog(
        actions.folder, actions.list_templates, actions.copy_template, parent=parent
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
