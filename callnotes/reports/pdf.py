"""HTML documents to PDF through QTextDocument and QPdfWriter (the one Qt module here)."""

from __future__ import annotations

import locale
import os

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument

_LETTER_REGIONS = {"US", "CA", "MX", "PH", "CL", "CO", "VE"}


def page_size_for_locale() -> QPageSize.PageSizeId:
    """Letter where the locale's region uses it, A4 everywhere else."""
    name = locale.getlocale()[0] or os.environ.get("LANG", "")
    region = name.split(".")[0].split("_")[-1].upper() if "_" in name else ""
    return QPageSize.PageSizeId.Letter if region in _LETTER_REGIONS else QPageSize.PageSizeId.A4


def _ensure_gui_application() -> None:
    # QTextDocument layout needs a QGuiApplication; headless commands get an offscreen one.
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QGuiApplication([])


def html_to_pdf(html: str, *, title: str) -> bytes:
    """Lay out *html* on pages of the locale's size and return the PDF bytes."""
    _ensure_gui_application()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("callnotes")
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(page_size_for_locale()),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    document = QTextDocument()
    document.setHtml(html)
    document.print_(writer)
    buffer.close()
    return bytes(data.data())
