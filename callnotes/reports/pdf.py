"""HTML documents on pages through QTextDocument: PDF bytes or any printer (Qt lives here).

Fonts: the Noto fonts in ``resources/fonts`` (Latin, Greek and Cyrillic in Noto Sans, which
the templates ask for first; Hebrew, Arabic and Devanagari, which many systems lack) are
registered with Qt and put after each text's first font family, so those scripts print the same
on every machine. Scripts too large to ship (CJK, emoji) come from a system font found to cover
them. Before painting, every character is checked against the fonts the text will use; what no
font has is named by ``check_print`` (see ``callnotes.reports.print_check``). Ligatures are
turned off in every font, so that the PDF's text holds "fi" as two letters, not U+FB01.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QLoggingCategory,
    QMarginsF,
    QRectF,
    QSizeF,
    Qt,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QPen,
    QRawFont,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFragment,
)

from callnotes.errors import CallnotesError
from callnotes.reports.print_check import PrintCheck, check_text, needs_a_glyph
from callnotes.resources import resources_dir

# Territories that use US Letter, from CLDR's supplemental data (supplementalData.xml,
# <paperSize type="US-Letter" territories="BZ CA CL CO CR GT MX NI PA PH PR SV US VE"/>);
# every other territory uses A4 (<paperSize type="A4" territories="001"/>).
LETTER_REGIONS = frozenset(
    ["BZ", "CA", "CL", "CO", "CR", "GT", "MX", "NI", "PA", "PH", "PR", "SV", "US", "VE"]
)
# Shipped with the package (SIL Open Font License, resources/fonts/OFL.txt): about 2 MB.
_SHIPPED_FONTS = (
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
    "NotoSansHebrew-Regular.ttf",
    "NotoSansHebrew-Bold.ttf",
    "NotoSansArabic-Regular.ttf",
    "NotoSansArabic-Bold.ttf",
    "NotoSansDevanagari-Regular.ttf",
    "NotoSansDevanagari-Bold.ttf",
)
_BODY_FAMILY = "Noto Sans"
# Ligature features set to 0: "fi" stays two glyphs, and so two letters in the PDF's text.
_NO_LIGATURES = ("liga", "clig", "dlig")
# Page margins in millimetres; the footer sits inside the bottom margin's band below the text.
_MARGINS_MM = QMarginsF(16, 14, 16, 10)
_FOOTER_MM = 9.0
_FOOTER_PT = 7.5
_FOOTER_COLOUR = QColor("#5b6673")
_RULE_COLOUR = QColor("#c3cad3")
_MM_PER_INCH = 25.4


class PrintError(CallnotesError):
    """A printer or PDF writer could not be started."""


def page_size_for_region(region: str) -> QPageSize.PageSizeId:
    """US Letter where the region (an ISO 3166 code: "US", "AU") uses it, A4 everywhere else."""
    letter = region.strip().upper() in LETTER_REGIONS
    return QPageSize.PageSizeId.Letter if letter else QPageSize.PageSizeId.A4


def page_layout(region: str) -> QPageLayout:
    """Portrait pages of the paper *region* uses, with the documents' margins."""
    return QPageLayout(
        QPageSize(page_size_for_region(region)),
        QPageLayout.Orientation.Portrait,
        _MARGINS_MM,
        QPageLayout.Unit.Millimeter,
    )


def _ensure_gui_application() -> None:
    # QTextDocument layout needs a QGuiApplication; headless commands get an offscreen one.
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QGuiApplication([])


def check_print(html: str, *, footer: str = "") -> PrintCheck:
    """What printing *html* (with *footer* on every page) would leave out; see PrintCheck."""
    _ensure_gui_application()
    _Fonts.register_shipped()
    document = QTextDocument()
    document.setHtml(html)
    return _Fonts.for_document(document, footer).check


def html_to_pdf(html: str, *, title: str, footer: str = "", region: str = "") -> bytes:
    """Lay out *html* on pages of the paper *region* uses and return the PDF bytes.

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
    writer.setPageLayout(page_layout(region))
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
        document, fonts = _paged_document(html, device, body, footer)
        pages = document.pageCount()
        for index in range(pages):
            if index:
                device.newPage()
            _paint_body(painter, document, body, index)
            _paint_footer(
                painter, body, footer_height, dpi, fonts.footer_font(), footer, (index + 1, pages)
            )
    finally:
        painter.end()
    return pages


def _paged_document(
    html: str, device: QPagedPaintDevice, body: QSizeF, footer: str
) -> tuple[QTextDocument, _Fonts]:
    _Fonts.register_shipped()
    document = QTextDocument()
    # Lay out at the device's resolution so text metrics are the ones that get painted.
    document.documentLayout().setPaintDevice(device)
    # Page size and margin first: set after the HTML, each one throws away the layout the
    # HTML import has already begun (about 30 ms for a 36-page status report).
    document.setDocumentMargin(0)
    document.setPageSize(body)
    document.setHtml(html)
    fonts = _Fonts.for_document(document, footer)
    fonts.apply(document)
    return document, fonts


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
    painter: QPainter,
    body: QSizeF,
    height: float,
    dpi: int,
    font: QFont,
    text: str,
    page: tuple[int, int],
) -> None:
    painter.save()
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


def _fragments(document: QTextDocument) -> Iterator[QTextFragment]:
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.isValid():
                yield fragment
            it += 1
        block = block.next()


class _Fonts:
    """The font families a document's text uses, the fallbacks it needs, what none covers."""

    _lock = threading.Lock()
    _shipped: tuple[str, ...] | None = None
    # Which families have which characters, and which system family was found for one.
    _has: dict[tuple[str, str], bool] = {}  # noqa: RUF012 - a cache shared on purpose
    _found: dict[str, str | None] = {}  # noqa: RUF012

    def __init__(self, fallbacks: list[str], check: PrintCheck) -> None:
        self.fallbacks = fallbacks
        self.check = check

    @classmethod
    def for_document(cls, document: QTextDocument, footer: str) -> _Fonts:
        """Check every character of *document* and *footer* against the fonts they will use."""
        with cls._lock:
            shipped = cls._register()
            default = document.defaultFont().families() or [document.defaultFont().family()]
            runs = [(_families(f.charFormat()) or default, f.text()) for f in _fragments(document)]
            runs.append(([_BODY_FAMILY], footer))
            uncovered: set[str] = set()
            for families, text in runs:
                chosen = [*families[:1], *shipped, *families[1:]]
                for char in set(text):
                    if needs_a_glyph(char) and not any(cls._covers(f, char) for f in chosen):
                        uncovered.add(char)
            found = cls._system_families(uncovered)
        text = "\n".join(text for _, text in runs)
        missing = {c for c in uncovered if found.get(c) is None}
        fallbacks = [*shipped, *dict.fromkeys(f for f in found.values() if f)]
        return cls(fallbacks, check_text(text, missing))

    def apply(self, document: QTextDocument) -> None:
        """Give every text of *document* the fallback families and no ligatures."""
        cursor = QTextCursor(document)
        # One edit: the document is laid out again once, not after each fragment.
        cursor.beginEditBlock()
        for fragment in list(_fragments(document)):
            current = fragment.charFormat()
            families = _families(current) or [_BODY_FAMILY]
            change = QTextCharFormat()
            change.setFontFamilies(_with_fallbacks(families, self.fallbacks))
            change.setFontFeatures({QFont.Tag(tag): 0 for tag in _NO_LIGATURES})
            cursor.setPosition(fragment.position())
            cursor.setPosition(
                fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor
            )
            cursor.mergeCharFormat(change)
        cursor.endEditBlock()

    def footer_font(self) -> QFont:
        """The font of the page footers: the body's family, the same fallbacks."""
        font = QFont()
        font.setFamilies(_with_fallbacks([_BODY_FAMILY, "sans-serif"], self.fallbacks))
        for tag in _NO_LIGATURES:
            font.setFeature(QFont.Tag(tag), 0)
        return font

    @classmethod
    def register_shipped(cls) -> tuple[str, ...]:
        """Register the shipped fonts, once; return the script families (not Noto Sans)."""
        with cls._lock:
            return cls._register()

    @classmethod
    def _register(cls) -> tuple[str, ...]:
        if cls._shipped is None:
            # Qt's font database warns on stderr of each font it finds without a script; what
            # no font has is said in a sentence instead (QT_LOGGING_RULES still overrides).
            QLoggingCategory.setFilterRules("qt.text.font.db=false")
            families: list[str] = []
            folder = resources_dir() / "fonts"
            for name in _SHIPPED_FONTS:
                font_id = QFontDatabase.addApplicationFont(str(folder / name))
                families += QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            cls._shipped = tuple(f for f in dict.fromkeys(families) if f != _BODY_FAMILY)
        return cls._shipped

    @classmethod
    def _covers(cls, family: str, char: str) -> bool:
        key = (family, char)
        if key not in cls._has:
            raw = QRawFont.fromFont(QFont(family))
            cls._has[key] = raw.isValid() and raw.supportsCharacter(ord(char))
        return cls._has[key]

    @classmethod
    def _system_families(cls, chars: set[str]) -> dict[str, str | None]:
        """A system family for each of *chars* that has it (None where none has)."""
        todo = sorted(c for c in chars if c not in cls._found)
        if todo:
            for family in QFontDatabase.families():
                if QFontDatabase.isPrivateFamily(family):
                    continue
                raw = QRawFont.fromFont(QFont(family))
                if not raw.isValid():
                    continue
                for char in [c for c in todo if raw.supportsCharacter(ord(c))]:
                    cls._found[char] = family
                    todo.remove(char)
                if not todo:
                    break
            for char in todo:
                cls._found[char] = None
        return {c: cls._found[c] for c in chars}


def _families(char_format: QTextCharFormat) -> list[str]:
    # Asked only when set: reading an unset family list crashes PySide6.
    if not char_format.hasProperty(QTextFormat.Property.FontFamilies):
        return []
    families = char_format.property(QTextFormat.Property.FontFamilies)
    return [str(f) for f in families] if isinstance(families, list) else []


def _with_fallbacks(families: list[str], fallbacks: list[str]) -> list[str]:
    # The shipped script fonts go right after the text's own first family: for Hebrew, Arabic
    # and Devanagari they come before whatever the system would pick, the same on every machine.
    return list(dict.fromkeys([*families[:1], *fallbacks, *families[1:]]))
