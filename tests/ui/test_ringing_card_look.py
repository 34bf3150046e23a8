"""The ringing card as painted: its choices can be seen in the light and the dark scheme."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QRadioButton, QStyle, QStyleOptionButton

from callnotes.domain.call_events import CallEvent, EventKind
from callnotes.settings import Settings
from callnotes.ui.shell.main_window import MainWindow
from callnotes.ui.shell.ringing import RingingController
from callnotes.ui.shell.theme import apply_theme
from tests.ui.conftest import handled, wait_filled

DANA = "+44 20 7946 0321"
# WCAG 2.1 (1.4.11): parts of a control needed to see it want 3:1 against what is around them.
NON_TEXT_CONTRAST = 3.0


def luminance(color: QColor) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.red())
        + 0.7152 * channel(color.green())
        + 0.0722 * channel(color.blue())
    )


def contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.fixture(params=["light", "dark"])
def theme(request) -> Iterator[str]:
    app = QApplication.instance()
    before = app.palette()
    apply_theme(app, request.param)
    yield request.param
    app.setPalette(before)


@pytest.fixture
def card(qtbot, ctx, case, window_state, theme):
    ctx.settings_store.save(Settings(agent_name="Vinh", default_region="GB"))
    ctx.clients.add_contact(case.client_id, "Dana Whitfield", phones=[DANA])
    window = MainWindow(ctx, state=window_state)
    qtbot.addWidget(window)
    wait_filled(qtbot, window)
    window.resize(420, 820)
    window.show()
    qtbot.waitExposed(window)
    ringing = RingingController(ctx, window)
    handled(qtbot, ringing, CallEvent(EventKind.RINGING, number=DANA, source="microsip"))
    qtbot.waitUntil(ringing.card.isVisible)
    return ringing.card


def indicator_contrast(card, radio: QRadioButton, image: QImage) -> float:
    """The strongest contrast between the radio's circle and the card just beside it."""
    option = QStyleOptionButton()
    radio.initStyleOption(option)
    rect = radio.style().subElementRect(QStyle.SubElement.SE_RadioButtonIndicator, option, radio)
    origin = radio.mapTo(card, rect.topLeft())
    ratio = image.devicePixelRatio()
    beside = origin + QPoint(-4, rect.height() // 2)  # the card's margin, left of the circle
    background = image.pixelColor(int(beside.x() * ratio), int(beside.y() * ratio))
    best = 1.0
    for dy in range(rect.height()):
        for dx in range(rect.width()):
            x, y = int((origin.x() + dx) * ratio), int((origin.y() + dy) * ratio)
            best = max(best, contrast(image.pixelColor(x, y), background))
    return best


def test_every_choice_on_the_card_can_be_seen(card, theme):
    image = card.grab().toImage()
    radios = card.findChildren(QRadioButton)
    assert len(radios) == 2  # the open case, a new case
    assert radios[0].isChecked() and not radios[1].isChecked()
    for radio in radios:
        seen = indicator_contrast(card, radio, image)
        assert seen >= NON_TEXT_CONTRAST, f"{theme}: “{radio.text()}” circle at {seen:.2f}:1"


def test_the_choices_stay_visible_when_the_scheme_changes_under_the_card(qtbot, card, theme):
    other = "light" if theme == "dark" else "dark"
    apply_theme(QApplication.instance(), other)  # restored by the theme fixture
    QApplication.processEvents()
    image = card.grab().toImage()
    for radio in card.findChildren(QRadioButton):
        seen = indicator_contrast(card, radio, image)
        assert seen >= NON_TEXT_CONTRAST, f"{other}: “{radio.text()}” circle at {seen:.2f}:1"
