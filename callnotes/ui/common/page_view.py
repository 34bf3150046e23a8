"""A document's page on screen, its charts drawn sharp at the screen's resolution.

Documents carry their charts as SVG images (``reports/charts.py``) that declare a size
several times the size they are shown at, so that a printed or PDF chart is sharp. On screen,
Qt's text layout would rasterise that large size and shrink it to the size the page gives it
without smoothing: lines and small labels break up ("Escalation attempts" unreadable). The
page view draws each SVG itself, at exactly the size shown times the screen's pixel ratio,
and gives the page that picture instead.
"""

from __future__ import annotations

import base64
import binascii
import math

from PySide6.QtCore import QByteArray, QRectF, QUrl
from PySide6.QtGui import QImage, QPainter, QTextDocument, QTextImageFormat
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QTextBrowser

_SVG_DATA = "data:image/svg+xml;base64,"


class PageView(QTextBrowser):
    """A read-only page of HTML whose SVG images are drawn at the screen's resolution."""

    def setHtml(self, text: str) -> None:  # noqa: N802 (Qt API)
        """Show *text*; its SVG images drawn at the size the page shows them."""
        super().setHtml(text)
        document = self.document()
        ratio = max(self.devicePixelRatioF(), 1.0)
        for image in _svg_images(document):
            drawn = svg_image(image.name(), image.width(), image.height(), ratio)
            if drawn is not None:
                document.addResource(
                    QTextDocument.ResourceType.ImageResource.value, QUrl(image.name()), drawn
                )


def _svg_images(document: QTextDocument) -> list[QTextImageFormat]:
    """The images of *document* that are SVG ``data:`` URIs, with the size they are shown at."""
    found = []
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            style = fragments.fragment().charFormat()
            if style.isImageFormat():
                image = style.toImageFormat()
                if image.name().startswith(_SVG_DATA) and image.width() > 0:
                    found.append(image)
            fragments += 1
        block = block.next()
    return found


def svg_image(uri: str, width: float, height: float, pixel_ratio: float) -> QImage | None:
    """The SVG of a ``data:`` *uri* drawn into *width* × *height* (a height of 0 keeps the
    picture's proportions) at *pixel_ratio* device pixels per pixel; None: not an SVG."""
    if not uri.startswith(_SVG_DATA):
        return None
    try:
        data = base64.b64decode(uri[len(_SVG_DATA) :], validate=True)
    except (binascii.Error, ValueError):
        return None
    renderer = QSvgRenderer(QByteArray(data))
    box = renderer.viewBoxF()
    if not renderer.isValid() or box.isEmpty() or width <= 0:
        return None
    if height <= 0:
        height = width * box.height() / box.width()
    image = QImage(
        math.ceil(width * pixel_ratio),
        math.ceil(height * pixel_ratio),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    renderer.render(painter, QRectF(0, 0, image.width(), image.height()))
    painter.end()
    image.setDevicePixelRatio(pixel_ratio)
    return image
