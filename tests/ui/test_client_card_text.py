"""What the client card and the lines about a case show, read as the agent reads them."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel

from callnotes.domain.cases import CaseStatus, CaseSummary
from callnotes.domain.people import ClientRecord, ContactRecord
from callnotes.services.calls.intake import CallerCard
from callnotes.ui.call.session import caller_label
from callnotes.ui.cases.header import CaseHeader
from callnotes.ui.clients.card import ClientCard
from callnotes.ui.common.bidi import isolated

GULF = "شركة الخليج للشحن"  # "Gulf Shipping Company"
AHMED = "أحمد"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"


def arabic_card(contact_name: str = AHMED) -> CallerCard:
    client = ClientRecord(1, GULF, "Asia/Dubai", "", "", None, ())
    contact = ContactRecord(1, 1, contact_name, "", ("+97141234567",), "ahmed@gulf.ae", None, "")
    return CallerCard(case_id=1, client=client, contact=contact, number="+97141234567")


def shown_card(qtbot, card: CallerCard) -> ClientCard:
    widget = ClientCard(lambda began, _fields: began, lambda: NOW)
    qtbot.addWidget(widget)
    widget.show_card(card)
    widget.resize(600, 200)
    return widget


def visual_x(rich_text: str, text: str) -> list[float]:
    """Where each character of *text* is drawn, left to right on screen, as the label lays
    out *rich_text* (a QLabel lays rich text out with a QTextDocument)."""
    document = QTextDocument()
    document.setHtml(rich_text)
    document.setTextWidth(2000)  # one line each: no wrapping in the way
    document.size()  # laid out
    block = document.begin()
    start = block.text().index(text)
    layout = block.layout()
    xs = []
    for position in range(start, start + len(text)):
        line = layout.lineForTextPosition(position)
        xs.append(line.cursorToX(position)[0])
    return xs


def test_a_phone_number_beside_an_arabic_client_name_reads_left_to_right(qtbot):
    for name in (AHMED, "Ahmed Al Mansoori", ""):  # an Arabic caller, a Latin one, nobody
        card = arabic_card(name)
        if not name:
            card = CallerCard(1, card.client, None, card.number)
        widget = shown_card(qtbot, card)
        shown = widget.findChild(QLabel, "clientCardText").text()

        assert f"{LRI}+971 41234567{PDI}" in shown  # the number isolated, left to right
        assert f"{FSI}{GULF}{PDI}" in shown  # the client's name isolated
        digits = visual_x(shown, "+971 41234567")
        assert digits == sorted(digits), f"the number is drawn out of order for {name!r}"
        if name:
            number, address = visual_x(shown, "+971")[0], visual_x(shown, "ahmed@")[0]
            assert number < address, "the number comes first, then the e-mail address"
        # A screen reader reads the words in logical order, without the marks.
        assert "+971 41234567" in widget.summary_text
        assert GULF in widget.summary_text


def test_the_case_subtitle_keeps_its_order_after_an_arabic_client_name(qtbot):
    header = CaseHeader()
    qtbot.addWidget(header)
    case = CaseSummary(1, "Shipments stuck", CaseStatus.OPEN, 1, GULF, NOW, NOW, 0, None)
    header.show_case(case)
    subtitle = header.findChild(QLabel, "caseSubtitle").text()
    assert subtitle == f"{FSI}{GULF}{PDI} · Open · No open issues"


def first_line(widget: ClientCard) -> str:
    return widget.summary_text.splitlines()[0]


def test_a_call_with_no_number_says_unknown_caller_once(qtbot):
    # What a call started with nothing known makes: a client named after its unknown caller.
    client = ClientRecord(1, "Unknown caller", "Europe/London", "", "", None, ())
    widget = shown_card(qtbot, CallerCard(case_id=1, client=client, contact=None, number=""))
    assert first_line(widget) == "Unknown caller"
    assert widget.summary_text.count("Unknown caller") == 1


def test_a_client_in_person_is_named_once(qtbot):
    rosa = ContactRecord(1, 1, "Rosa Moreau", "", ("+33142685300",), "", None, "")
    client = ClientRecord(1, "Rosa Moreau", "Europe/Paris", "", "", None, (rosa,))
    widget = shown_card(qtbot, CallerCard(1, client, rosa, "+33142685300"))
    assert first_line(widget) == "Rosa Moreau"
    assert caller_label(CallerCard(1, client, rosa, "+33142685300")) == isolated("Rosa Moreau")


class SetClock:
    """A clock that says what the test sets."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def test_the_clients_local_time_keeps_up_with_the_minute_while_shown(qtbot):
    from datetime import timedelta

    clock = SetClock(datetime(2026, 3, 2, 20, 11, 59, 700_000, tzinfo=UTC))  # 00:11 in Dubai
    widget = ClientCard(lambda began, _fields: began, clock)
    qtbot.addWidget(widget)
    widget.show_card(arabic_card())
    widget.show()
    assert "00:11 there now" in widget.summary_text

    clock.now += timedelta(seconds=1)  # the minute turns
    qtbot.waitUntil(lambda: "00:12 there now" in widget.summary_text, timeout=2000)

    widget.hide()  # not shown: nothing to keep up
    clock.now += timedelta(minutes=5)
    widget.show()  # shown again: current at once
    assert "00:17 there now" in widget.summary_text
