"""Covering for a colleague in the window: the ringing card, the cover brief, "since you left"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
import shiboken6
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from callnotes.domain.call_events import CallEvent, EventKind
from callnotes.domain.cover import DigestSection
from callnotes.domain.timeline import EntryKind
from callnotes.settings import Settings
from callnotes.storage import models as m
from callnotes.ui.shell.main_window import MainWindow
from callnotes.ui.shell.ringing import RingingController
from tests.ui.conftest import handled, shown_window

DANA = "+44 20 7946 0321"


@dataclass(frozen=True)
class Cover:
    priya: int
    marco: int
    northwind: int
    rosa: int
    labels: int
    invoices: int


def _promise(ctx, case_id: int, text: str, due, owner: str = "") -> None:
    with ctx.db.unit_of_work() as session:
        session.add(
            m.Commitment(
                case_id=case_id, text=text, owner=owner, created_at=ctx.clock(), due_at=due
            )
        )


@pytest.fixture
def cover(ctx, case, clock) -> Cover:
    ctx.settings_store.save(Settings(agent_name="Vinh", default_region="GB"))
    priya = ctx.clients.create_team_member("Priya Shah", role="Account manager")
    marco = ctx.clients.create_team_member("Marco Bianchi", role="Support engineer")
    ctx.clients.add_contact(case.client_id, "Dana Whitfield", role="Ops lead", phones=[DANA])
    rosa = ctx.clients.create_client("Rosa Moreau", timezone="Europe/Paris")
    invoices = ctx.cases.open_case(rosa.id, "Invoices show the wrong totals")
    ctx.team.set_usual_contact_for(priya.id, [case.client_id, rosa.id])
    ctx.team.set_away(
        priya.id, until=clock.now + timedelta(days=2), reason="Annual leave",
        stand_in_id=marco.id, name_stand_in=True,
    )  # fmt: skip
    _promise(ctx, case.id, "Call Dana back with the driver fix", clock.now + timedelta(hours=4))
    _promise(ctx, case.id, "Quarterly review with Dana", clock.now + timedelta(days=5), "Priya")
    _promise(ctx, invoices.id, "Send Rosa the corrected invoice", clock.now + timedelta(days=1))
    return Cover(priya.id, marco.id, case.client_id, rosa.id, case.id, invoices.id)


@pytest.fixture
def window(qtbot, ctx, cover, window_state) -> MainWindow:
    return shown_window(qtbot, ctx, window_state, (420, 820))


def test_the_ringing_card_of_a_covered_client_shows_the_brief_first(qtbot, ctx, window):
    ringing = RingingController(ctx, window)
    handled(qtbot, ringing, CallEvent(EventKind.RINGING, number=DANA, source="microsip"))

    text = ringing.card.summary_text
    assert "Priya Shah is away until" in text and "(Annual leave)" in text
    assert "Marco Bianchi covers" in text
    assert "Call Dana back with the driver fix" in text
    assert "Quarterly review with Dana" not in text  # due after she is back
    # First: above the caller's name, in what the card shows and what a screen reader reads.
    assert text.index("Marco Bianchi covers") < text.index("Dana Whitfield — Northwind")
    cover_label = ringing.card.findChild(type(ringing.card._who), "ringingCover")
    assert cover_label.isVisible()
    assert cover_label.y() < ringing.card._who.y()
    assert "Usual contact Priya Shah is away" not in text  # said once, by the brief


def test_the_cover_brief_opens_by_its_key_with_the_promises_due_before_the_return(
    qtbot, ctx, window, cover, tmp_path
):
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    dialog = window.areas.cover.brief_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.document is not None)
    page = dialog.page.toPlainText()
    assert "Covering for Priya Shah" in page
    assert "INTERNAL: FOR THE TEAM ONLY" in page
    assert page.index("Northwind Logistics") < page.index("Rosa Moreau")  # earliest due first
    assert "Call Dana back with the driver fix" in page
    assert "Send Rosa the corrected invoice" in page
    assert "Quarterly review with Dana" not in page
    assert dialog.colleague.currentText() == "Priya Shah"

    # A promise kept elsewhere leaves the brief by itself (the change notice).
    with ctx.db.unit_of_work() as session:
        row = session.scalar(
            select(m.Commitment).where(m.Commitment.text == "Send Rosa the corrected invoice")
        )
        row.state = "done"
    qtbot.waitUntil(lambda: "Send Rosa the corrected invoice" not in dialog.page.toPlainText())

    pdf = tmp_path / "brief.pdf"
    dialog.write_pdf(pdf)
    qtbot.waitUntil(pdf.exists)
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    text = " ".join(text.split())
    assert "Covering for Priya Shah" in text
    assert "Call Dana back with the driver fix" in text
    assert "Quarterly review with Dana" not in text
    assert "internal, for the team only" in text  # the footer of every page


def test_since_you_left_spans_both_clients_and_is_acknowledged_item_by_item_with_keys(
    qtbot, ctx, cover, clock, window_state
):
    clock.now += timedelta(hours=2)
    ctx.timeline.add_entry(cover.labels, "Rolled the label driver back.", EntryKind.ACTION)
    ctx.timeline.add_entry(cover.invoices, "Rosa agreed to wait for Monday.", EntryKind.DECISION)
    clock.now += timedelta(days=2)
    ctx.team.set_back(cover.priya)
    ctx.settings_store.save(Settings(agent_name="Priya Shah", default_region="GB"))
    ctx.clients.create_team_member("Aisha Khan", role="Accounts team lead")  # first by name
    window = shown_window(qtbot, ctx, window_state, (420, 820))

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    dialog = window.areas.cover.since_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.digest is not None)
    assert dialog.colleague.currentText() == "Priya Shah"  # the agent named in Settings
    digest = dialog.digest
    changed = [i for i in digest.items if i.section is DigestSection.CHANGED]
    assert {i.client_name for i in changed} == {"Northwind Logistics", "Rosa Moreau"}
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.items)

    first, second = digest.items[0], digest.items[1]
    assert dialog.ack_button.isEnabled()  # an item still to read is chosen
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: _acknowledged(ctx) == {first.key})
    assert dialog.items.currentItem().text().startswith("•")  # moved on to the next unread
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: _acknowledged(ctx) == {first.key, second.key})
    qtbot.waitUntil(lambda: dialog.digest.waiting == len(digest.items) - 2)
    marks = [dialog.items.item(r).text()[0] for r in range(dialog.items.count())]
    assert marks.count("✓") == 2
    assert f"across their 2 clients: {len(digest.items) - 2} of {len(digest.items)} still" in (
        dialog.summary.text()
    )


def _acknowledged(ctx) -> set[str]:
    with ctx.db.unit_of_work(read_only=True) as session:
        return set(session.scalars(select(m.CoverAcknowledgement.item_key)))


def test_the_stand_in_for_one_client_is_chosen_with_keys_where_the_absence_is_set(
    qtbot, ctx, window, cover
):
    ctx.clients.create_team_member("Aisha Khan", role="Accounts team lead")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    directory = window.areas.escalation.team_dialog
    qtbot.waitUntil(lambda: directory.model.rowCount() == 3 and directory._clients is not None)
    directory.table.setFocus()
    directory.table.setCurrentIndex(directory.model.index(directory.model.row_of(cover.priya), 0))
    for _ in range(8):
        if directory.away_button.hasFocus():
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClick(directory.away_button, Qt.Key.Key_Space)
    away = directory.away_dialog
    assert away is not None
    assert away.stand_in.currentText() == "Marco Bianchi"  # as set before
    qtbot.waitExposed(away)
    away.activateWindow()  # offscreen hands activation over only when asked
    qtbot.waitUntil(away.reason.hasFocus)
    qtbot.keyClick(away.reason, Qt.Key.Key_Tab)
    assert away.stand_in.hasFocus()
    qtbot.keyClick(away.stand_in, Qt.Key.Key_Tab)  # Northwind: the stand-in above
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # Rosa Moreau
    rosa_box = away.client_stand_ins[cover.rosa]
    assert rosa_box.hasFocus()
    while rosa_box.currentText() != "Aisha Khan":
        qtbot.keyClick(rosa_box, Qt.Key.Key_Down)
    qtbot.keyClick(rosa_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not shiboken6.isValid(away) or not away.isVisible())

    rosa = ctx.cover.for_client(cover.rosa)
    northwind = ctx.cover.for_client(cover.northwind)
    assert rosa is not None and rosa.client.stand_in == "Aisha Khan"
    assert northwind is not None and northwind.client.stand_in == "Marco Bianchi"
    row = directory.model.row_of(cover.priya)
    qtbot.waitUntil(lambda: "covered by Marco Bianchi" in directory.model.index(row, 5).data())


def test_since_you_left_opens_on_the_colleague_just_back_when_the_agent_is_not_on_the_team(
    qtbot, ctx, window, cover
):
    ctx.team.set_back(cover.priya)  # the agent in Settings is Vinh, not in the directory
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    dialog = window.areas.cover.since_dialog
    qtbot.waitUntil(lambda: dialog.digest is not None)
    assert [dialog.colleague.itemText(i) for i in range(dialog.colleague.count())] == [
        "Marco Bianchi",
        "Priya Shah",
    ]
    assert dialog.colleague.currentText() == "Priya Shah"
    assert dialog.digest.member_name == "Priya Shah"
    assert dialog.ack_button.isEnabled()
    # Marco has no absence on record: nothing to acknowledge, and the button says so.
    dialog.colleague.setFocus()
    qtbot.keyClick(dialog.colleague, Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: "Marco Bianchi has no absence on record" in dialog.summary.text())
    assert dialog.items.count() == 0
    assert not dialog.ack_button.isEnabled()


def test_since_you_left_opens_on_the_colleague_away_and_space_acknowledges_after_a_choice(
    qtbot, ctx, window, cover, clock
):
    # Nobody is back yet; Aisha, first by name, and Vinh, the agent, have never been away.
    ctx.clients.create_team_member("Aisha Khan", role="Accounts team lead")
    ctx.clients.create_team_member("Vinh", role="Support agent")
    clock.now += timedelta(hours=1)
    ctx.timeline.add_entry(cover.labels, "Rolled the label driver back.", EntryKind.ACTION)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    dialog = window.areas.cover.since_dialog
    qtbot.waitUntil(lambda: dialog.colleague.count() == 4)  # the team is read
    assert dialog.colleague.currentText() == "Priya Shah"
    qtbot.waitUntil(lambda: dialog.digest is not None)
    assert "no absence on record" not in dialog.summary.text()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.items)

    # The agent looks at Marco's, then chooses Priya again from the list (Alt+C, Space, Enter).
    def choose(name: str) -> None:
        qtbot.keyClick(dialog.items, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
        assert dialog.colleague.hasFocus()
        qtbot.keyClick(dialog.colleague, Qt.Key.Key_Space)
        popup = dialog.colleague.view()
        qtbot.waitUntil(popup.isVisible)
        target = dialog.colleague.findText(name)
        while popup.currentIndex().row() != target:
            down = popup.currentIndex().row() < target
            qtbot.keyClick(popup, Qt.Key.Key_Down if down else Qt.Key.Key_Up)
        qtbot.keyClick(popup, Qt.Key.Key_Return)
        assert dialog.colleague.currentText() == name
        dialog.activateWindow()  # offscreen does not hand activation back when a popup closes
        qtbot.waitUntil(dialog.isActiveWindow)
        assert QApplication.focusWidget() is dialog.items

    choose("Marco Bianchi")
    qtbot.waitUntil(lambda: "Marco Bianchi has no absence on record" in dialog.summary.text())
    choose("Priya Shah")
    qtbot.waitUntil(lambda: dialog.digest is not None and dialog.digest.member_name == "Priya Shah")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.items)
    first = dialog.digest.items[0]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: _acknowledged(ctx) == {first.key})
    assert not dialog.colleague.view().isVisible()

    # Arrows on the closed chooser stay in it; Enter there goes back to the items.
    qtbot.keyClick(dialog.items, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(dialog.colleague, Qt.Key.Key_Up)
    qtbot.keyClick(dialog.colleague, Qt.Key.Key_Down)
    assert dialog.colleague.hasFocus() and dialog.colleague.currentText() == "Priya Shah"
    qtbot.keyClick(dialog.colleague, Qt.Key.Key_Return)
    assert dialog.items.hasFocus() and dialog.isVisible()
