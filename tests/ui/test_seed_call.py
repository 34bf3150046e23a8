"""The seed call, start to finish, by keys alone: what a stand-in agent does with a caller.

Every key goes to the widget that has the keyboard, through Qt's shortcut map, as a real key
press does; nothing is set or triggered behind the window's back. The test counts the keys
pressed beyond the words typed and prints them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog, QLabel, QWidget

from callnotes.app import AppContext, open_context
from callnotes.domain.issues import Impact, Urgency
from callnotes.domain.people import ContactMethod
from callnotes.domain.timeline import EntryKind
from callnotes.settings import Settings
from callnotes.ui.common import file_dialogs
from callnotes.ui.documents.report_preview import ReportPreviewDialog
from callnotes.ui.shell.main_window import MainWindow
from callnotes.ui.timeline.kind_chooser import KIND_SHORTCUTS
from tests.conftest import FakeClock
from tests.ui.conftest import wait_filled

PRIVATE_REMARK = "Client sounded upset, had asked for Priya by name"


class Agent:
    """Types words and presses keys on whatever has the keyboard, counting the keys."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.keys: list[str] = []

    def focus(self) -> QWidget:
        """The widget with the keyboard, once a window has it again (a dialog just closed)."""
        try:
            self.qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=2000)
        except AssertionError:
            raise AssertionError(f"after {self.keys[-3:]} nothing has the keyboard") from None
        return QApplication.focusWidget()

    def type(self, words: str) -> None:
        """Words the agent types (not counted)."""
        widget = self.focus()
        if isinstance(widget, QComboBox):
            # A combo box reads letters typed within this interval as one word to search
            # for; a person takes longer than that between two questions.
            self.qtbot.wait(QApplication.keyboardInputInterval() + 50)
        self.qtbot.keyClicks(widget, words)

    def press(self, *keys: str) -> None:
        """Keys beyond the words (counted)."""
        for keys_text in keys:
            combination = QKeySequence(keys_text)[0]
            self.keys.append(keys_text)
            self.qtbot.keyClick(self.focus(), combination.key(), combination.keyboardModifiers())

    def say(self, kind: EntryKind, words: str) -> None:
        """An entry of *kind*, committed with Enter."""
        if kind is not EntryKind.NOTE:
            self.press(KIND_SHORTCUTS[kind])
        self.type(words)
        self.press("Return")
        # Stored off the GUI thread, then the guide re-checks from the change notice.
        from callnotes.ui.timeline.panel import TimelinePanel

        panels = [w for w in QApplication.allWidgets() if isinstance(w, TimelinePanel)]
        self.qtbot.waitUntil(lambda: not any(panel.pending_texts for panel in panels))
        self.qtbot.wait(20)  # the notice, then the guide's re-check: two turns of the loop

    def wait_for_window(self, title: str) -> QWidget:
        """The window titled *title* active, and the focus in it (where the next key goes)."""
        self.qtbot.waitUntil(
            lambda: (
                QApplication.activeWindow() is not None
                and title in QApplication.activeWindow().windowTitle()
                and _inside(QApplication.focusWidget(), QApplication.activeWindow())
            ),
            timeout=5000,
        )
        return QApplication.activeWindow()


def _inside(widget: QWidget | None, container: QWidget | None) -> bool:
    return widget is not None and container is not None and container.isAncestorOf(widget)


def prepared(tmp_path: Path) -> AppContext:
    """Priya's client, Northwind: Priya is at a client meeting; Dana rings."""
    ctx = open_context(
        str(tmp_path / "data"), clock=FakeClock(datetime(2026, 3, 2, 0, 0, tzinfo=UTC))
    )
    ctx.settings_store.save(Settings(agent_name="Vinh", company="August", default_region="AU"))
    priya = ctx.clients.create_team_member(
        "Priya Shah", role="Account manager", phone="+61 2 9374 4100"
    )
    ctx.team.set_away(
        priya.id, until=datetime(2026, 3, 2, 5, 0, tzinfo=UTC), reason="at a client meeting"
    )
    client = ctx.clients.create_client(
        "Northwind Logistics", timezone="Australia/Sydney", usual_contact_id=priya.id
    )
    ctx.clients.add_contact(client.id, "Dana Whitfield", phones=["+61 2 9374 4000"])
    return ctx


def test_the_seed_call_by_keys_alone(qtbot, tmp_path, monkeypatch):
    documents = tmp_path / "Documents"  # the agent's documents folder
    documents.mkdir()
    monkeypatch.setattr(file_dialogs, "documents_folder", lambda: documents)
    ctx = prepared(tmp_path)
    window = MainWindow(
        ctx, state=QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(window)
    wait_filled(qtbot, window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    agent = Agent(qtbot)

    # The phone rings: a new call, the number, Enter.
    agent.press("Ctrl+N")
    agent.wait_for_window("New call")
    agent.type("02 9374 4000")
    agent.press("Return")
    qtbot.waitUntil(lambda: window.session.call is not None)
    assert window.focusWidget() is window.timeline.note_input
    assert "Dana Whitfield" in window.card.summary_text
    rail = window.rail

    def guide() -> str:
        return " ".join(label.text() for label in rail.findChildren(QLabel))

    assert "August" in guide() and "Vinh" in guide() and "{" not in guide()

    # Greet; the usual contact is away; listen and take notes of every kind.
    agent.press("F4")
    assert "Priya Shah" in guide() and "client meeting" in guide() and "{" not in guide()
    agent.press("F4")
    agent.say(EntryKind.CLIENT_SAID, "Nothing has printed since this morning, trucks are waiting")
    agent.say(EntryKind.NOTE, PRIVATE_REMARK)
    agent.say(EntryKind.NEW_INFORMATION, "A printer driver update was pushed at 22:40")
    assert "Acknowledge" in rail.title_text, "her words recorded: the guide moved on"
    agent.press("F4")  # acknowledged her frustration

    # Three issues, each clarified: her words, what fixed looks like, impact, urgency, when.
    issues = [
        ("Labels print blank", "Every label comes out blank", "Labels print with barcodes",
         "w", "c", "Before the 16:00 dispatch"),
        ("Driver app logs out", "Drivers get logged out", "Drivers stay logged in",
         "d", "h", "By tomorrow's shift"),
        ("Invoice totals rounded", "Totals are off by a cent", "Totals match the orders",
         "o", "l", "This month"),
    ]  # fmt: skip
    agent.press("Ctrl+2")
    for title, words, fixed, impact, urgency, timeframe in issues:
        agent.type(title)
        agent.press("Tab")  # added; the cursor goes on to the client's words
        qtbot.waitUntil(  # once the issue is stored
            lambda: QApplication.focusWidget() is window.issues.editor.form.client_words
        )
        agent.type(words)
        agent.press("Tab")
        agent.type(fixed)
        agent.press("Tab")
        agent.type(impact)  # a combo box picks by first letter
        agent.press("Tab")
        agent.type(urgency)
        agent.press("Tab")
        agent.type(timeframe)
        agent.press("Ctrl+2")  # back to the new-issue line
    # The client wants the driver app first: move it up, and confirm the order with her.
    agent.press("Tab")
    assert QApplication.focusWidget() is window.issues.list_view
    agent.press("Up", "Alt+Home", "Ctrl+Return")  # from the newest, up one: to the top

    # A decision and a promise: a kind key brings the note editor back, from any tab.
    agent.say(EntryKind.DECISION, "Roll the printer driver back first")
    agent.say(EntryKind.COMMITMENT, "Call Dana back by 19:00 with the rollback result")
    agent.say(EntryKind.ACTION, "Paged the platform on-call engineer")

    # How she wants to be kept informed: the client card, by phone.
    agent.press("Ctrl+E")
    card = window.card
    qtbot.waitUntil(lambda: card.is_editing)
    assert QApplication.focusWidget() is card.method, "a known caller: the card asks how"
    agent.type("p")
    agent.press("Return")
    qtbot.waitUntil(lambda: not card.is_editing)

    # "Anything else?" then wrap up: the open promise is a reminder, Enter wraps up.
    while "Anything else" not in rail.title_text:
        agent.press("F4")
    agent.press("F4", "F8")
    agent.wait_for_window("Wrap up")
    agent.press("Return")
    qtbot.waitUntil(lambda: window.session.call is None)

    # The status report for the client, as a PDF.
    agent.press("Ctrl+D")
    # Titled "Documents" until the report is read, then by the report and the case.
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), ReportPreviewDialog))
    agent.press("Ctrl+S")  # Save PDF…, in the agent's documents folder
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QFileDialog), timeout=5000)
    # Keys go where the focus is, and it reaches the file dialog a moment after it shows.
    qtbot.waitUntil(lambda: _inside(QApplication.focusWidget(), QApplication.activeModalWidget()))
    agent.press("Return")  # the name suggested
    qtbot.waitUntil(lambda: any(documents.glob("*.pdf")), timeout=10_000)
    [pdf] = documents.glob("*.pdf")

    extra = len(agent.keys)
    print(f"\nThe seed call took {extra} keys beyond the words typed: {' '.join(agent.keys)}")

    # What the database holds.
    [case] = ctx.cases.list_cases()
    entries = ctx.timeline.entries(case.id)
    by_kind = {(e.kind, e.text) for e in entries}
    assert (
        EntryKind.CLIENT_SAID,
        "Nothing has printed since this morning, trucks are waiting",
    ) in by_kind
    assert (EntryKind.NOTE, PRIVATE_REMARK) in by_kind
    assert (EntryKind.DECISION, "Roll the printer driver back first") in by_kind
    assert (EntryKind.COMMITMENT, "Call Dana back by 19:00 with the rollback result") in by_kind
    stored = ctx.issues.issues(case.id)
    assert [i.title for i in stored] == [
        "Driver app logs out",
        "Labels print blank",
        "Invoice totals rounded",
    ]
    labels = next(i for i in stored if i.title == "Labels print blank")
    assert (labels.client_words, labels.fixed_looks_like, labels.impact, labels.urgency) == (
        "Every label comes out blank", ("Labels print with barcodes",), Impact.WHOLE_BUSINESS,
        Urgency.CRITICAL,
    )  # fmt: skip
    assert labels.timeframe == "Before the 16:00 dispatch"
    assert any("order" in e.text.lower() and e.kind is EntryKind.DECISION for e in entries)
    assert any(e.text == "Asked whether there is anything else." for e in entries)
    [call] = ctx.calls.calls(case.id)
    assert call.ended_at is not None
    contact = ctx.intake.card(call.id).contact
    assert contact is not None and contact.preferred_method is ContactMethod.PHONE

    # What the client reads in the PDF.
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    flat = " ".join(text.split())
    for wanted in ("Northwind Logistics", "Driver app logs out", "Labels print blank", "19:00"):
        assert wanted in flat, wanted
    assert flat.index("Driver app logs out") < flat.index("Labels print blank")
