"""Light and dark: follow the system's colour scheme unless the agent chose one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontInfo, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory


def wants_dark(preference: str) -> bool:
    """Whether to use the dark palette for *preference* (system, light or dark)."""
    if preference == "dark":
        return True
    if preference == "light":
        return False
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply_theme(app: QApplication, preference: str) -> None:
    """Use Fusion with a light or dark palette, so both look the same on every desktop."""
    style = QStyleFactory.create("Fusion")
    if style is not None and app.style().name().lower() != "fusion":
        app.setStyle(style)
    app.setPalette(dark_palette() if wants_dark(preference) else app.style().standardPalette())


def pin_interface_font(app: QApplication) -> None:
    """Keep the interface in the font it starts with.

    Without a desktop theme Qt asks for "Sans Serif" and lets the font matcher choose; the
    fonts registered for documents (Noto, when a PDF is made) then win that choice, and the
    whole window changed its font and grew taller after the first PDF. The family the matcher
    chose at start is named explicitly instead.
    """
    font = app.font()
    chosen = QFontInfo(font).family()
    if chosen and chosen != font.family():
        pinned = QFont(font)
        pinned.setFamilies([chosen])
        app.setFont(pinned)


def dark_palette() -> QPalette:
    """A calm dark palette with enough contrast for long calls."""
    palette = QPalette()
    base, window, text = QColor(30, 32, 36), QColor(42, 45, 50), QColor(226, 229, 234)
    highlight = QColor(52, 110, 170)
    role = QPalette.ColorRole
    for r, color in (
        (role.Window, window),
        (role.WindowText, text),
        (role.Base, base),
        (role.AlternateBase, QColor(38, 41, 46)),
        (role.ToolTipBase, window),
        (role.ToolTipText, text),
        (role.Text, text),
        (role.Button, window),
        (role.ButtonText, text),
        (role.BrightText, QColor(255, 120, 120)),
        (role.Highlight, highlight),
        (role.HighlightedText, QColor(255, 255, 255)),
        (role.PlaceholderText, QColor(150, 155, 163)),
        (role.Link, QColor(120, 170, 230)),
        (role.Mid, QColor(70, 74, 80)),
        (role.Dark, QColor(22, 24, 27)),
        (role.Light, QColor(70, 74, 80)),
    ):
        palette.setColor(r, color)
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.Text, role.ButtonText, role.WindowText):
        palette.setColor(disabled, r, QColor(120, 124, 130))
    return palette
