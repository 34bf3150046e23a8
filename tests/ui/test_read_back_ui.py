"""The read-back before hanging up, as the agent drives it: the recap under the guide,
the client's confirmation with one key, the same recap as text and as an e-mail draft."""

from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication

from callnotes.domain.issues import Impact, Urgency
from callnotes.domain.people import ContactMethod
from callnotes.domain.timeline import EntryKind
from tests.ui.keypress import choose_from_menu, press
from tests.ui.test_main_window import on_call, window  # noqa: F401 (fixtures)

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def agreed(qtbot, on_call, ctx):  # noqa: F811 (the fixture above)
    """Two issues, the second raised put first with the client, and an update plan."""
    call = on_call.session.call
    case_id = call.case_id
    logouts = ctx.issues.add_issue(
        case_id, "Drivers are logged out", impact=Impact.DEPARTMENT, urgency=Urgency.HIGH,
        timeframe="by tomorrow's shift",
    )  # fmt: skip
    sheets = ctx.issues.add_issue(
        case_id, "Route sheets print blank", impact=Impact.WHOLE_BUSINESS,
        urgency=Urgency.CRITICAL, timeframe="before the 16:00 trucks",
    )  # fmt: skip
    ctx.issues.reorder(case_id, [sheets.id, logouts.id])
    ctx.issues.confirm_order(case_id, call_id=call.id)
    ctx.timeline.add_entry(
        case_id, "Internal: blame the driver vendor", EntryKind.ACTION, issue_id=sheets.id
    )
    ctx.plans.save_plan(case_id, cadence_minutes=60, channel=ContactMethod.PHONE, call_id=call.id)
    on_call.focus_editor()
    return on_call


def to_read_back(qtbot, main) -> None:
    for _ in range(12):
        if "Read back" in main.rail.title_text:
            break
        press(qtbot, main, "F4")
    assert main.rail.title_text == "Step 9 of 11: Read back"


def test_the_recap_is_read_back_and_confirmed_with_one_key(qtbot, agreed, ctx):
    main = agreed
    call = main.session.call
    panel = main.areas.read_back.panel
    assert not panel.isVisible(), "only at the read-back step"
    to_read_back(qtbot, main)
    qtbot.waitUntil(lambda: panel.read_back is not None)  # read off the GUI thread
    assert panel.isVisible()
    shown = panel.recap.text()
    assert shown.index("1. Route sheets print blank") < shown.index("2. Drivers are logged out")
    due = ctx.plans.plan(call.case_id).next_update_due_at
    assert due is not None
    assert f"Next update today {due.astimezone(LONDON):%H:%M} GMT by phone" in shown
    assert "blame" not in shown, "nothing internal is read to the client"
    assert "Confirmed (Ctrl+Shift+Y)" in panel.confirm_button.text()

    assert QApplication.focusWidget() is main.timeline.note_input
    press(qtbot, main, "Ctrl+Shift+Y")  # the client says yes

    def confirmation():
        found = [
            e for e in ctx.timeline.entries(call.case_id) if e.text.startswith("Confirmed the")
        ]
        return found[0] if found else None

    qtbot.waitUntil(lambda: confirmation() is not None)  # stored in line with the notes
    entry = confirmation()
    assert entry.kind is EntryKind.CLIENT_SAID and entry.call_id == call.id
    assert not entry.internal, "it belongs in the minutes"
    assert "1. Route sheets print blank" in entry.text
    assert entry.text.index("Route sheets") < entry.text.index("Drivers are logged out")
    assert main.rail.title_text == "Step 10 of 11: Anything else?", "the guide moved on"
    assert main.rail.done[8]
    assert not panel.isVisible()
    qtbot.waitUntil(lambda: ctx.calls.rail_state(call.id).get("read_back_confirmed") is True)


def test_the_recap_goes_out_as_text_and_as_an_email_draft(qtbot, agreed, ctx, tmp_path):
    main = agreed
    panel = main.areas.read_back.panel
    to_read_back(qtbot, main)
    qtbot.waitUntil(lambda: panel.read_back is not None)

    copy = main.areas.read_back.copy_action
    choose_from_menu(qtbot, main, "Alt+C", copy)
    text = QApplication.clipboard().text()
    assert text.startswith("Dana Whitfield, here is what we agreed on the call")
    assert "1. Route sheets print blank — your timeframe: before the 16:00 trucks" in text
    assert "Times are London time." in text
    assert "blame" not in text

    opened = []
    panel._ask_save_path = lambda _p, _c, suggested, _f, chosen: chosen(tmp_path / suggested.name)
    panel._open_file = opened.append
    choose_from_menu(qtbot, main, "Alt+C", main.areas.read_back.email_action)
    qtbot.waitUntil(lambda: bool(opened))  # written off the GUI thread, then opened
    [path] = opened
    assert path.name == f"recap-case-{main.session.call.case_id}.eml"
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert message["X-Unsent"] == "1"
    body = message.get_body(("plain",)).get_content()
    assert "2. Drivers are logged out" in body and "blame" not in body


def test_a_recap_draft_nothing_opens_says_where_it_is_and_who_it_lacks(
    qtbot, agreed, ctx, tmp_path
):
    main = agreed
    panel = main.areas.read_back.panel
    to_read_back(qtbot, main)
    qtbot.waitUntil(lambda: panel.read_back is not None)
    opened = []
    panel._ask_save_path = lambda _p, _c, suggested, _f, chosen: chosen(tmp_path / suggested.name)
    panel._open_file = lambda path: opened.append(path) or False  # no mail program
    choose_from_menu(qtbot, main, "Alt+C", main.areas.read_back.email_action)
    qtbot.waitUntil(lambda: main.banner.isVisible())
    [path] = opened
    assert message_from_bytes(path.read_bytes(), policy=policy.default)["To"] is None
    assert main.banner.text() == (
        "No e-mail address for the client: the draft has no recipient. "
        f"No mail program could be opened: the file is saved at {path}."
    )
    assert panel.status.text() == f"Saved {path.name}."


def test_wrap_up_goes_on_without_a_read_back_when_the_agent_skips_it(qtbot, agreed, ctx):
    main = agreed
    to_read_back(qtbot, main)
    press(qtbot, main, "F4")  # read back without the client's word: the guide moves on
    assert main.rail.title_text == "Step 10 of 11: Anything else?"
    texts = [e.text for e in ctx.timeline.entries(main.session.call.case_id)]
    assert not any(t.startswith("Confirmed the recap") for t in texts)
    assert not main.rail.done[8]


def test_the_confirm_key_away_from_the_read_back_says_where_it_works(qtbot, agreed, ctx):
    main = agreed
    call = main.session.call
    assert "Read back" not in main.rail.title_text
    assert QApplication.focusWidget() is main.timeline.note_input
    press(qtbot, main, "Ctrl+Shift+Y")  # too early: the guide is not at the read-back
    assert main.banner.isVisible()
    assert main.banner.text() == (
        "Ctrl+Shift+Y confirms the read-back at step 'Read back' of the guide."
    )
    assert not any(e.text.startswith("Confirmed the") for e in ctx.timeline.entries(call.case_id))
    assert QApplication.focusWidget() is main.timeline.note_input, "the note keeps the keyboard"


def test_the_confirmation_stored_names_the_promises_the_recap_showed(qtbot, agreed, ctx):
    main = agreed
    call = main.session.call
    ctx.timeline.add_entry(
        call.case_id, "Call Dana back by 17:00 with the vendor's answer.", EntryKind.COMMITMENT,
        call_id=call.id,
    )  # fmt: skip
    panel = main.areas.read_back.panel
    to_read_back(qtbot, main)
    qtbot.waitUntil(lambda: panel.read_back is not None)
    qtbot.waitUntil(lambda: "What we promised" in panel.recap.text())
    press(qtbot, main, "Ctrl+Shift+Y")

    def confirmation():
        return next(
            (e for e in ctx.timeline.entries(call.case_id) if e.text.startswith("Confirmed the")),
            None,
        )

    qtbot.waitUntil(lambda: confirmation() is not None)
    said = confirmation().text
    assert said.startswith("Confirmed the recap read back to them: 1. Route sheets print blank")
    assert "Next update today" in said
    assert said.endswith(
        "We promised: Call Dana back by 17:00 with the vendor's answer (by today 17:00 GMT)."
    )
    minutes = ctx.documents.export(ctx.documents.build(call.case_id, "minutes"), "txt").decode()
    assert said in minutes, "one entry, read whole in the minutes"


def _shown_whole(panel) -> bool:
    """The recap label is as tall as its text needs, and what shows of it sits above the
    buttons (a recap too long for the window scrolls, never slides under them)."""
    label = panel.recap
    if label.height() < label.heightForWidth(label.width()):
        return False
    seen = label.visibleRegion().boundingRect()
    bottom = label.mapTo(panel, seen.bottomLeft()).y()
    return bottom < panel.confirm_button.mapTo(panel, QPoint(0, 0)).y()


@pytest.mark.parametrize("promises", [1, 12])
def test_the_recap_is_never_hidden_under_its_buttons_in_a_docked_window(
    qtbot, agreed, ctx, promises
):
    main = agreed
    call = main.session.call
    for n in range(promises):
        ctx.timeline.add_entry(
            call.case_id, f"Call Dana back by {17 + n % 5}:{n:02d} with answer {n + 1}.",
            EntryKind.COMMITMENT, call_id=call.id,
        )  # fmt: skip
    main.resize(440, 800)
    panel = main.areas.read_back.panel
    to_read_back(qtbot, main)
    qtbot.waitUntil(lambda: "What we promised" in panel.recap.text())
    qtbot.wait(50)  # laid out
    assert main.width() <= 460
    assert panel.recap.text().endswith("time.</div>")  # the zone note closes the recap
    assert _shown_whole(panel)


def _say_where_confirm_works(qtbot, main) -> str:
    press(qtbot, main, "Ctrl+Shift+Y")  # too early: the guide is not at the read-back
    assert main.banner.isVisible()
    return main.banner.text()


def test_where_the_confirm_key_works_is_said_until_the_guide_moves_on(qtbot, agreed):
    main = agreed
    _say_where_confirm_works(qtbot, main)
    press(qtbot, main, "F4")  # the guide moves on: what was said no longer stands
    assert not main.banner.isVisible()


def test_where_the_confirm_key_works_goes_at_the_agents_next_command(qtbot, agreed, ctx):
    main = agreed
    _say_where_confirm_works(qtbot, main)
    press(qtbot, main, "Ctrl+2")  # the Issues tab (View menu)
    assert not main.banner.isVisible()


def test_where_the_confirm_key_works_goes_with_the_call(qtbot, agreed, ctx):
    main = agreed
    _say_where_confirm_works(qtbot, main)
    press(qtbot, main, "F8")
    qtbot.waitUntil(lambda: main.call_flow.wrap_up_box is not None)
    next(
        b
        for b in main.call_flow.wrap_up_box.buttons()
        if b.text().replace("&", "") == "Wrap up anyway"
    ).click()
    qtbot.waitUntil(lambda: main.session.call is None)
    assert not main.banner.isVisible()


def test_another_problem_in_the_banner_is_left_alone(qtbot, agreed):
    main = agreed
    _say_where_confirm_works(qtbot, main)
    main.show_message("The database is locked by another program.")
    press(qtbot, main, "F4")
    assert main.banner.text() == "The database is locked by another program."


def test_where_the_confirm_key_works_goes_when_another_case_is_shown(qtbot, agreed, case):
    main = agreed
    _say_where_confirm_works(qtbot, main)
    main.select_case(case.id)  # the case from before the call, chosen in the list
    qtbot.waitUntil(lambda: main.shown_case_id() == case.id)
    assert not main.banner.isVisible()
