"""How a case's status and its count of open issues are named, wherever a case is shown."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from callnotes.domain.cases import CaseStatus


def status_label(status: CaseStatus) -> str:
    """A translated, human name for a case status."""
    labels = {
        CaseStatus.OPEN: QCoreApplication.translate("CaseStatus", "Open"),
        CaseStatus.MONITORING: QCoreApplication.translate("CaseStatus", "Monitoring"),
        CaseStatus.RESOLVED: QCoreApplication.translate("CaseStatus", "Resolved"),
        CaseStatus.CLOSED: QCoreApplication.translate("CaseStatus", "Closed"),
    }
    return labels[status]


def open_issues_label(count: int) -> str:
    """“No open issues”, “1 open issue”, “3 open issues”, translated."""
    # Three strings rather than Qt's "%n" plural form: without a shipped English catalogue
    # "%n open issue(s)" would show literally. Switch when translations arrive.
    if count == 0:
        return QCoreApplication.translate("CaseListModel", "No open issues")
    if count == 1:
        return QCoreApplication.translate("CaseListModel", "1 open issue")
    return QCoreApplication.translate("CaseListModel", "{count} open issues").format(count=count)
