"""HTML documents on pages through QTextDocument: PDF bytes or any printer (Qt lives here)."""

from __future__ import annotations

import locale
import os

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from callnotes.errors import CallnotesError

_LETTER_REGIONS = {"US", "CA", "MX", "PH", "CL", "CO", "VE"}
# Page margins in millimetres; the footer sits inside the bottom margin's band below the text.
_MARGINS_MM = QMarginsF(16, 14, 16, 10)
_FOOTER_MM = 9.0
_FOOTER_PT = 7.5
_FOOTER_COLOUR = QColor("#5b6673")
_RULE_COLOUR = QColor("#c3cad3")
_MM_PER_INCH = 25.4


class PrintError(CallnotesError):
    """A printer or PDF writer could not be started."""


def page_size_for_locale() -> QPageSize.PageSizeId:
    """Letter where the locale's region uses it, A4 everywhere else."""
    name = locale.getlocale()[0] or os.environ.get("LANG", "")
    region = name.split(".")[0].split("_")[-1].upper() if "_" in name else ""
    return QPageSize.PageSizeId.Letter if region in _LETTER_REGIONS else QPageSize.PageSizeId.A4


def page_layout() -> QPageLayout:
    """Portrait pages of the locale's size with the documents' margins."""
    return QPageLayout(
        QPageSize(page_size_for_locale()),
        QPageLayout.Orientation.Portrait,
        _MARGINS_MM,
        QPageLayout.Unit.Millimeter,
    )


def _ensure_gui_application() -> None:
    # QTextDocument layout needs a QGuiApplication; headless commands get an offscreen one.
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QGuiApplication([])


def html_to_pdf(html: str, *, title: str, footer: str = "") -> bytes:
    """Lay out *html* on pages of the locale's size and return the PDF bytes.

    Every page carries *footer* (the document and case, say) and "page N of M".
    """
    _ensure_gui_application()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("callnotes")
    writer.setResolution(300)
    writer.setPageLayout(page_layout())
    paint_pages(html, writer, footer=footer or title)
    buffer.close()
    return bytes(data.data())


def paint_pages(html: str, device: QPagedPaintDevice, *, footer: str) -> int:
    """Paint *html* on *device* (a PDF writer or a printer) page by page; return the count.

    Done here rather than with ``QTextDocument.print_`` so that the margins are the page
    layout's own (``print_`` adds two centimetres more) and each page says "page N of M".
    Table header rows (``<thead>``) repeat on every page a table spans.
    """
    painter = QPainter()
    if not painter.begin(device):
        raise PrintError("The printer or PDF file could not be started.")
    try:
        dpi = device.logicalDpiY()
        footer_height = _FOOTER_MM / _MM_PER_INCH * dpi
        body = QSizeF(device.width(), device.height() - footer_height)
        document = _paged_document(html, device, body)
        pages = document.pageCount()
        for index in range(pages):
            if index:
                device.newPage()
            _paint_body(painter, document, body, index)
            _paint_footer(painter, body, footer_height, dpi, footer, (index + 1, pages))
    finally:
        painter.end()
    return pages


def _paged_document(html: str, device: QPagedPaintDevice, body: QSizeF) -> QTextDocument:
    document = QTextDocument()
    # Lay out at the device's resolution so text metrics are the ones that get painted.
    document.documentLayout().setPaintDevice(device)
    # Page size and margin first: set after the HTML, each one throws away the layout the
    # HTML import has already begun (about 30 ms for a 36-page status report).
    document.setDocumentMargin(0)
    document.setPageSize(body)
    document.setHtml(html)
    return document


def _paint_body(painter: QPainter, document: QTextDocument, body: QSizeF, index: int) -> None:
    painter.save()
    top = index * body.height()
    painter.translate(0, -top)
    view = QRectF(0, top, body.width(), body.height())
    painter.setClipRect(view)
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Text, QColor(Qt.GlobalColor.black))
    context = QAbstractTextDocumentLayout.PaintContext()
    context.clip = view
    # Assigned whole: changing ``context.palette`` in place corrupts memory in PySide6.
    context.palette = palette
    document.documentLayout().draw(painter, context)
    painter.restore()


def _paint_footer(
    painter: QPainter, body: QSizeF, height: float, dpi: int, text: str, page: tuple[int, int]
) -> None:
    painter.save()
    font = QFont("sans-serif")
    font.setPointSizeF(_FOOTER_PT)
    painter.setFont(font)
    band = QRectF(0, body.height(), body.width(), height)
    pen = QPen(_RULE_COLOUR)
    # Asking the painter for its device here would hand PySide6 a second wrapper of the
    # writer, which crashes the interpreter at exit; the resolution comes in instead.
    pen.setWidthF(max(1.0, dpi / 150))
    painter.setPen(pen)
    rule_y = band.top() + band.height() * 0.35
    painter.drawLine(0, round(rule_y), round(band.width()), round(rule_y))
    painter.setPen(_FOOTER_COLOUR)
    label = QRectF(0, rule_y, band.width(), band.bottom() - rule_y)
    number = f"page {page[0]} of {page[1]}"
    painter.drawText(label, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, number)
    room = label.adjusted(0, 0, -painter.fontMetrics().horizontalAdvance(number) * 1.3, 0)
    elided = painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, int(room.width()))
    painter.drawText(room, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided)
    painter.restore()
