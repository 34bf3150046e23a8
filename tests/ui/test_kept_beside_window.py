"""In the window: a colleague changes the client card or amends an entry while the agent does.

The agent works with the keys; the colleague's change is written meanwhile as another desktop
writes it (through the services, on the same database). Theirs is shown, the agent's is on the
timeline, and the agent is told so.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from callnotes.domain.timeline import EntryKind
from callnotes.ui.timeline.entry_edit_dialog import EntryEditDialog
from callnotes.ui.timeline.model import TEXT_COLUMN
from tests.ui import test_main_window
from tests.ui.keypress import press
from tests.ui.test_focus_return import open_dialogs, the_dialog
from tests.ui.test_main_window import type_entry

window = test_main_window.window  # the fixtures: a window on a case, and a call on it
on_call = test_main_window.on_call

KEPT = " — yours is kept on the timeline."


def kept_on_timeline(ctx, case_id: int) -> list[str]:
    return [e.text for e in ctx.timeline.entries(case_id) if e.text.startswith("Kept beside")]


def test_a_card_detail_changed_meanwhile_keeps_the_colleagues_and_says_so(qtbot, on_call, ctx):
    press(qtbot, on_call, "Ctrl+E")
    card = on_call.card
    assert card.is_editing
    found = card.card.contact
    assert found is not None
    # Another desktop saves Dana's e-mail while the agent is typing hers.
    ctx.clients.update_contact(
        found.id,
        name=found.name,
        phones=found.phones,
        email="dana.whitfield@northwind.example",
        started_from=found,
        case_id=card.card.case_id,
    )
    card.email.selectAll()
    qtbot.keyClicks(card.email, "dana@northwind.example")
    qtbot.keyClicks(card.best_times, "mornings")
    qtbot.keyClick(card.best_times, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: not card.is_editing)  # stored off the GUI thread
    qtbot.waitUntil(lambda: on_call.banner.text().endswith(KEPT))
    assert on_call.banner.text() == "A colleague changed the e-mail" + KEPT
    assert "dana.whitfield@northwind.example" in card.summary_text  # theirs is shown
    # The agent's other change is saved.
    assert ctx.intake.card(on_call.session.call.id).contact.best_times == "mornings"
    case_id = card.card.case_id
    [kept] = kept_on_timeline(ctx, case_id)
    assert "“dana@northwind.example”" in kept
    model = on_call.timeline.model  # the kept copy shows on the timeline, from the notice
    qtbot.waitUntil(
        lambda: any(
            str(model.index(r, TEXT_COLUMN).data()).startswith("Kept beside")
            for r in range(model.rowCount())
        )
    )


def test_an_amendment_meeting_a_colleagues_keeps_theirs_and_says_so(qtbot, window, ctx, case):
    window.focus_editor()
    type_entry(qtbot, window, "Labels blank at 3 stations")
    press(qtbot, window, "F2")  # from the editor: the entry just written
    dialog = the_dialog(qtbot)
    assert isinstance(dialog, EntryEditDialog)
    entry = dialog.entry
    # Another desktop amends the same entry while the agent types.
    ctx.timeline.amend_entry(entry.id, "Labels blank at 6 stations", started_from=entry)
    dialog.text.selectAll()
    qtbot.keyClicks(dialog.text, "Labels blank at the packing stations")
    press(qtbot, dialog, "Ctrl+Return")
    qtbot.waitUntil(lambda: not open_dialogs())

    banner = window.timeline.banner
    qtbot.waitUntil(lambda: banner.text().endswith(KEPT))
    assert "changed the wording" in banner.text()
    model = window.timeline.model
    texts = lambda: [str(model.index(r, TEXT_COLUMN).data()) for r in range(model.rowCount())]  # noqa: E731
    qtbot.waitUntil(lambda: any(t.startswith("Kept beside") for t in texts()))
    assert any(t.startswith("Labels blank at 6 stations") for t in texts())
    stored = next(e for e in ctx.timeline.entries(case.id) if e.id == entry.id)
    assert stored.text == "Labels blank at 6 stations" and stored.kind is EntryKind.NOTE
    [kept] = kept_on_timeline(ctx, case.id)
    assert "“Labels blank at the packing stations”" in kept
