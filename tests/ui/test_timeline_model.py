from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt

from callnotes.domain.timeline import EntryKind, EntryRecord, RevisionRecord
from callnotes.ui.timeline.model import (
    ENTRY_ID_ROLE,
    KIND_COLUMN,
    TEXT_COLUMN,
    TIME_COLUMN,
    TimelineModel,
)

AT = datetime(2025, 3, 14, 9, 5, tzinfo=UTC)


def entry(entry_id: int, text: str, **changes) -> EntryRecord:
    values = {
        "id": entry_id,
        "case_id": 1,
        "call_id": None,
        "issue_id": None,
        "seq": entry_id,
        "at": AT + timedelta(minutes=entry_id),
        "kind": EntryKind.NOTE,
        "text": text,
        "author": "Vinh Nguyen",
        "internal": False,
    }
    return EntryRecord(**{**values, **changes})


def test_model_passes_the_model_tester_through_reset_and_append(qtmodeltester, ctx, case):
    model = TimelineModel()
    model.set_entries(ctx.timeline.entries(case.id))
    qtmodeltester.check(model)

    model.append_entry(ctx.timeline.add_entry(case.id, "Called the client back."))
    qtmodeltester.check(model)
    assert model.rowCount() == 3


def test_cells_show_local_time_kind_label_and_text():
    model = TimelineModel(tz=ZoneInfo("America/New_York"))
    model.set_entries([entry(1, "Labels stopped", kind=EntryKind.CLIENT_SAID)])

    def cell(column: int, role=Qt.ItemDataRole.DisplayRole):
        return model.index(0, column).data(role)

    assert cell(TIME_COLUMN) == "14 Mar\n05:06"  # 09:06 UTC in New York (EDT); the day first
    assert cell(KIND_COLUMN) == "Client said"
    assert cell(TEXT_COLUMN) == "Labels stopped"
    assert cell(TEXT_COLUMN, ENTRY_ID_ROLE) == 1
    assert "2025-03-14 05:06" in cell(TIME_COLUMN, Qt.ItemDataRole.ToolTipRole)
    assert model.headerData(TEXT_COLUMN, Qt.Orientation.Horizontal) == "Note"


def test_the_first_entry_of_each_day_says_the_day_so_a_call_past_midnight_reads_in_order():
    late = datetime(2026, 12, 5, 23, 55, tzinfo=UTC)
    model = TimelineModel(tz=UTC)
    model.set_entries(
        [
            entry(1, "Client rang", at=late),
            entry(2, "Still on the line", at=late + timedelta(minutes=3)),
            entry(3, "Past midnight", at=late + timedelta(minutes=8)),
            entry(4, "Later that night", at=late + timedelta(minutes=40)),
        ]
    )
    times = [model.index(row, TIME_COLUMN).data() for row in range(4)]
    assert times == ["5 Dec\n23:55", "23:58", "6 Dec\n00:03", "00:35"]


def test_amended_entry_is_marked_and_its_tooltip_lists_earlier_versions():
    revision = RevisionRecord(
        revised_at=AT + timedelta(hours=1),
        revised_by="Helen Cho",
        previous_kind=EntryKind.NOTE,
        previous_text="Trucks leave at <16:00>",
    )
    model = TimelineModel(tz=UTC)
    model.set_entries([entry(1, "Trucks leave at 17:00", revisions=(revision,))])

    index = model.index(0, TEXT_COLUMN)
    assert index.data() == "Trucks leave at 17:00 (amended)"
    tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "Helen Cho" in tooltip
    assert "2025-03-14 10:05" in tooltip
    assert "Trucks leave at &lt;16:00&gt;" in tooltip


def test_amendment_through_the_service_reaches_the_model(ctx, case):
    first = ctx.timeline.entries(case.id)[0]
    ctx.timeline.amend_entry(first.id, "No labels print since 06:00.")
    model = TimelineModel()
    model.set_entries(ctx.timeline.entries(case.id))

    assert model.index(0, TEXT_COLUMN).data().endswith("(amended)")
    assert "No delivery labels print" in model.index(0, TEXT_COLUMN).data(
        Qt.ItemDataRole.ToolTipRole
    )


def test_catching_up_reads_only_new_and_amended_entries_and_merges_them(qtmodeltester, ctx, case):
    whole = ctx.timeline.entries_since(case.id)
    model = TimelineModel()
    model.set_entries(whole.entries)
    assert [e.text for e in whole.entries] == [e.text for e in ctx.timeline.entries(case.id)]
    assert whole.count == 2

    first = whole.entries[0]
    ctx.timeline.amend_entry(first.id, "No labels print since 07:00.")
    added = ctx.timeline.add_entry(case.id, "Called the client back.")
    other = ctx.cases.open_case(case.client_id, "Another case")
    ctx.timeline.add_entry(other.id, "Not this case's")

    since = ctx.timeline.entries_since(case.id, model.last_id, whole.last_revision)
    assert [e.id for e in since.entries] == [first.id, added.id]  # nothing else is read
    assert since.count == 3 and since.last_id == added.id
    assert since.last_revision > whole.last_revision

    assert model.merge_entries(since.entries)
    qtmodeltester.check(model)
    assert model.count_up_to(since.last_id) == since.count
    assert model.index(0, TEXT_COLUMN).data() == "No labels print since 07:00. (amended)"
    assert model.index(2, TEXT_COLUMN).data() == "Called the client back."
    nothing = ctx.timeline.entries_since(case.id, model.last_id, since.last_revision)
    assert nothing.entries == () and nothing.count == 3


def test_a_note_not_stored_yet_is_marked_as_it_will_be_once_stored():
    from callnotes.ui.timeline.model import KIND_COLUMN, PendingEntry

    model = TimelineModel()
    at = datetime(2026, 12, 6, 4, 5, tzinfo=UTC)
    model.set_pending(
        [
            PendingEntry(1, "AP firmware, do not tell the client", EntryKind.NOTE, False, at),
            PendingEntry(1, "Checking bay 3 remotely", EntryKind.NOTE, True, at),
            PendingEntry(1, "Labels first", EntryKind.DECISION, False, at),
        ]
    )
    kinds = [model.index(row, KIND_COLUMN).data() for row in range(3)]
    # While the team database could not be reached, the first read "Note": the agent could
    # not see that it is for the team only.
    assert kinds == ["Note\n(internal)", "Note\nfor the client", "Decision"]
