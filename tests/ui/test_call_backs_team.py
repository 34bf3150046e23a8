"""The call-back queue on a team database: the server records each change of a call-back in the
audit log and tells the other desktops, whose queue bar shows it within a second."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from pg_agents import conninfo, pg_rows

from callnotes.app import AppContext, open_context
from callnotes.domain.call_backs import CallBackReason
from callnotes.domain.changes import Part
from callnotes.settings import Settings
from callnotes.storage.live import CHANNEL, changes_of_notices
from tests.ui.conftest import shown_window

pytestmark = pytest.mark.postgres

DANA = "+44 20 7946 0321"


@pytest.fixture
def other_desktop(pg_url: str, tmp_path: Path) -> Iterator[AppContext]:
    context = open_context(str(tmp_path / "desktop-a"), pg_url)
    context.settings_store.save(Settings(agent_name="Ann", default_region="GB"))
    context.call_backs.default_region = "GB"
    yield context
    context.close()


@pytest.mark.parametrize("backend", [pytest.param("postgres")], indirect=True)
def test_a_call_back_is_audited_on_its_case_and_notified_on_the_changes_channel(
    ctx: AppContext, case, pg_url: str, backend: str
) -> None:
    ctx.clients.add_contact(case.client_id, "Dana Whitfield", phones=[DANA])
    with psycopg.connect(conninfo(pg_url), autocommit=True) as listener:
        listener.execute(f"LISTEN {CHANNEL}")
        waiting = ctx.call_backs.record(DANA, CallBackReason.MISSED)
        unknown = ctx.call_backs.record("+1 201 555 0123", CallBackReason.ASKED)
        ctx.call_backs.mark_done(waiting.id)
        payloads = [n.payload for n in listener.notifies(timeout=1.0, stop_after=20)]
    assert payloads.count(f"call_backs:{case.id}") >= 1  # inserted, then done: its case
    assert "call_backs:" in payloads  # a number no case knows: any case's queue
    changes = changes_of_notices(payloads)
    assert changes.touches(Part.CALL_BACKS)

    logged = pg_rows(
        pg_url,
        "SELECT operation, case_id, before ->> 'done_at', after ->> 'done_at' FROM audit_log "
        "WHERE table_name = 'call_backs' AND row_id = %s ORDER BY id",
        str(waiting.id),
    )
    assert [(op, case_id) for op, case_id, _b, _a in logged] == [
        ("INSERT", case.id),
        ("UPDATE", case.id),
    ]
    (_op, _case, before, after) = logged[1]
    assert before is None and after is not None  # the update that marked it done
    # A call-back of no case is in no case's chain.
    assert pg_rows(
        pg_url,
        "SELECT count(*) FROM audit_log WHERE table_name = 'call_backs' AND row_id = %s",
        str(unknown.id),
    ) == [(0,)]


@pytest.mark.parametrize("backend", [pytest.param("postgres")], indirect=True)
def test_a_call_back_recorded_on_another_desktop_shows_in_the_queue_bar_live(
    qtbot, ctx: AppContext, case, window_state, other_desktop: AppContext, backend: str
) -> None:
    ctx.clients.add_contact(case.client_id, "Dana Whitfield", phones=[DANA])
    window = shown_window(qtbot, ctx, window_state)
    ctx.listen()
    assert ctx.db.live is not None and ctx.db.live.connected.wait(5)
    bar = window.areas.call_backs.bar
    assert not bar.isVisible()
    other_desktop.call_backs.record(DANA, CallBackReason.VOICEMAIL)
    qtbot.waitUntil(lambda: bar.isVisible())  # from the server's notice: nothing polls
    assert bar.text.startswith("1 call-back waiting — next: Dana Whitfield")
