from PySide6.QtCore import Qt

from callnotes.domain.drafts import note_draft_key
from callnotes.errors import CallnotesError, DiskFullError, ServerUnreachableError
from callnotes.ui.timeline.model import TEXT_COLUMN
from callnotes.ui.timeline.panel import TimelineActions, TimelinePanel


def shown_panel(qtbot, read_entries, add_entry, ctx) -> TimelinePanel:
    actions = TimelineActions(
        read_entries=read_entries,
        add_entry=lambda entry: add_entry(entry.case_id, entry.text),
        amend_entry=ctx.timeline.amend_entry,
        save_draft=ctx.drafts.save_note,
        load_draft=ctx.drafts.load_note,
    )
    panel = TimelinePanel(actions, retry_ms=100)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_a_failed_save_shows_the_message_and_keeps_the_text(qtbot, ctx, case):
    def full_disk(case_id: int, text: str):
        raise DiskFullError("Not saved: the disk is full.")

    panel = shown_panel(qtbot, ctx.timeline.entries_since, full_disk, ctx)
    panel.show_case(case.id)

    qtbot.keyClicks(panel.note_input, "Trucks leave at 16:00")
    with qtbot.assertNotEmitted(panel.entry_added):
        qtbot.keyClick(panel.note_input, Qt.Key.Key_Return)

    assert panel.banner.isVisible()
    assert panel.banner.text() == (
        "Not saved: the disk is full. Your text is kept here; saving is retried."
    )
    assert panel.save_status == "Not saved"
    # The editor is free for the next note; this one waits, shown, at the end of the timeline.
    assert panel.note_input.text() == ""
    assert panel.pending_texts == ["Trucks leave at 16:00"]
    assert panel.model.rowCount() == 3
    assert panel.model.index(2, TEXT_COLUMN).data() == (
        "Trucks leave at 16:00\n(not saved yet: retrying)"
    )
    assert len(ctx.timeline.entries(case.id)) == 2


def test_retrying_after_the_problem_is_fixed_saves_and_clears(qtbot, ctx, case):
    failures = [CallnotesError("The database is locked by another program.")]

    def flaky_add(case_id: int, text: str):
        if failures:
            raise failures.pop()
        return ctx.timeline.add_entry(case_id, text)

    panel = shown_panel(qtbot, ctx.timeline.entries_since, flaky_add, ctx)
    panel.show_case(case.id)
    qtbot.keyClicks(panel.note_input, "Paged Platform on-call")
    with qtbot.waitSignal(panel.entry_added) as added:  # retried by itself, once
        qtbot.keyClick(panel.note_input, Qt.Key.Key_Return)
        assert panel.banner.isVisible()

    assert added.args[0].text == "Paged Platform on-call"
    assert not panel.banner.isVisible()
    assert panel.note_input.text() == ""
    assert panel.model.index(2, TEXT_COLUMN).data() == "Paged Platform on-call"
    assert [e.text for e in ctx.timeline.entries(case.id)][-1] == "Paged Platform on-call"


def test_blank_input_adds_nothing_and_shows_no_error(qtbot, ctx, case):
    panel = shown_panel(qtbot, ctx.timeline.entries_since, ctx.timeline.add_entry, ctx)
    panel.show_case(case.id)
    qtbot.keyClicks(panel.note_input, "   ")
    with qtbot.assertNotEmitted(panel.entry_added):
        qtbot.keyClick(panel.note_input, Qt.Key.Key_Return)
    assert not panel.banner.isVisible()
    assert len(ctx.timeline.entries(case.id)) == 2


def test_unsent_text_follows_its_case_when_switching(qtbot, ctx, case):
    other = ctx.cases.open_case(case.client_id, "Driver app logs everyone out")
    panel = shown_panel(qtbot, ctx.timeline.entries_since, ctx.timeline.add_entry, ctx)
    panel.show_case(case.id)
    qtbot.keyClicks(panel.note_input, "Half a sentence about labels")

    panel.show_case(other.id)
    assert panel.note_input.text() == ""
    assert panel.model.rowCount() == 0
    panel.show_case(case.id)
    assert panel.note_input.text() == "Half a sentence about labels"


def test_what_is_typed_and_entered_before_the_first_case_goes_to_it_and_no_case_disables_typing(
    qtbot, ctx, case
):
    """At start-up the window reads its first case while the agent may already type: a note
    entered with Enter then is stored in that case once it is known, in the order entered,
    never dropped; what is still being typed is kept as its draft."""
    stored = [e.text for e in ctx.timeline.entries(case.id)]
    panel = shown_panel(qtbot, ctx.timeline.entries_since, ctx.timeline.add_entry, ctx)
    assert panel.note_input.isEnabled(), "the window is still reading its first case"
    qtbot.keyClicks(panel.note_input, "Caller on hold")
    qtbot.keyClick(panel.note_input, Qt.Key.Key_Return)
    assert panel.note_input.toPlainText() == "", "entered: the editor is free for the next"
    qtbot.keyClicks(panel.note_input, "Back on the line")
    qtbot.keyClick(panel.note_input, Qt.Key.Key_Return)
    qtbot.keyClicks(panel.note_input, "Labels fine now")

    panel.show_case(case.id)

    assert panel.note_input.toPlainText() == "Labels fine now"
    qtbot.waitUntil(
        lambda: (
            [e.text for e in ctx.timeline.entries(case.id)]
            == [*stored, "Caller on hold", "Back on the line"]
        )
    )
    qtbot.waitUntil(lambda: ctx.drafts.load(note_draft_key(case.id)) == "Labels fine now")

    panel.show_case(None)  # a window with no case at all
    assert not panel.note_input.isEnabled()
    assert panel.model.rowCount() == 0


def test_a_load_failure_is_shown_in_the_banner(qtbot, ctx, case):
    def locked(case_id: int, after_id: int, after_revision: int):
        raise CallnotesError("The database is locked by another program.")

    panel = shown_panel(qtbot, locked, ctx.timeline.add_entry, ctx)
    panel.show_case(case.id)
    assert panel.banner.text() == "The database is locked by another program."
    assert panel.banner.isVisible()


def test_the_kind_column_fits_every_kind_and_never_grows_at_420_px(qtbot, ctx, case):
    from callnotes.domain.timeline import EntryKind
    from callnotes.ui.timeline.model import KIND_COLUMN, kind_label

    panel = shown_panel(qtbot, ctx.timeline.entries_since, ctx.timeline.add_entry, ctx)
    panel.resize(420, 600)
    panel.show_case(case.id)
    header = panel.table_view.horizontalHeader()
    width = header.sectionSize(KIND_COLUMN)
    metrics = panel.table_view.fontMetrics()
    for kind in EntryKind:  # internal ones too: escalation attempts, status changes
        ctx.timeline.add_entry(case.id, f"A {kind.value} entry", kind, internal=True)
        panel.reload()
        qtbot.wait(20)
        assert header.sectionSize(KIND_COLUMN) == width, kind
        for word in kind_label(kind).split():
            assert metrics.horizontalAdvance(word) + 8 <= width, word  # never "Commitm…"
    assert width < 420 * 0.3, "the note keeps most of a narrow window"
    from callnotes.ui.timeline.model import TIME_COLUMN

    assert header.sectionSize(TIME_COLUMN) >= metrics.horizontalAdvance("23:59") + 8
    note = "Labels print blank on printers 3 and 4 since the driver update pushed last night"
    qtbot.keyClicks(panel.note_input, note)
    qtbot.keyClick(panel.note_input, Qt.Key.Key_Return)
    qtbot.wait(20)
    table = panel.table_view
    last = panel.model.rowCount() - 1
    assert table.rowHeight(last) <= 3 * metrics.lineSpacing() + 20, "at most three lines"


def test_a_long_link_wraps_in_a_narrow_window_instead_of_being_cut(qtbot, ctx, case):
    link = "https://support.example.com/tickets/" + "a1b2c3d4e5" * 8
    ctx.timeline.add_entry(case.id, link)
    panel = shown_panel(qtbot, ctx.timeline.entries_since, ctx.timeline.add_entry, ctx)
    panel.resize(420, 600)
    panel.show_case(case.id)
    model, table = panel.model, panel.table_view
    qtbot.waitUntil(
        lambda: (
            model.rowCount() > 0 and model.index(model.rowCount() - 1, TEXT_COLUMN).data() == link
        )
    )
    row = model.rowCount() - 1
    metrics = table.fontMetrics()
    width = table.columnWidth(TEXT_COLUMN)
    assert metrics.horizontalAdvance(link) > 2 * width  # it cannot fit one line
    qtbot.waitUntil(lambda: table.rowHeight(row) >= 3 * metrics.lineSpacing())  # all of it
    assert model.index(row, TEXT_COLUMN).data() == link  # copied and read as typed


def newest_in_view(table) -> bool:
    model = table.model()
    rect = table.visualRect(model.index(model.rowCount() - 1, 0))
    return rect.isValid() and 0 <= rect.bottom() <= table.viewport().rect().bottom()


def test_the_newest_entry_stays_in_view_when_the_timeline_gets_shorter(qtbot, ctx, case):
    for number in range(40):
        ctx.timeline.add_entry(case.id, f"Scanner {number} rebooted and checked at the dock.")
    panel = shown_panel(qtbot, ctx.timeline.entries_since, ctx.timeline.add_entry, ctx)
    panel.resize(420, 700)
    panel.show_case(case.id)
    table = panel.table_view
    qtbot.waitUntil(lambda: table.model().rowCount() >= 40 and newest_in_view(table))

    panel.resize(420, 450)  # a reminder bar appeared above it, say

    qtbot.waitUntil(lambda: newest_in_view(table))
    qtbot.wait(50)  # the rows measured at their width, as long before anyone scrolls
    bar = table.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)  # the agent scrolls back to read
    panel.resize(420, 380)
    qtbot.wait(50)
    assert not newest_in_view(table), "a view scrolled back by the agent stays where it is"


def test_a_note_kept_on_this_computer_shows_the_whole_line_that_says_so(qtbot, ctx, case):
    def cut_off(case_id: int, text: str):
        raise ServerUnreachableError("The team database server cannot be reached.")

    panel = shown_panel(qtbot, ctx.timeline.entries_since, cut_off, ctx)
    panel.resize(300, 500)  # docked narrow: the line that says why wraps
    panel.show_case(case.id)
    qtbot.keyClicks(panel.note_input, "Scanners back after the AP reboot")
    qtbot.keyClick(panel.note_input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "kept on this computer" in panel.model.index(2, TEXT_COLUMN).data())
    # Its row grew with the line: it was cut through at the height "(saving…)" had.
    table = panel.table_view
    assert table.rowHeight(2) >= table.sizeHintForRow(2)
