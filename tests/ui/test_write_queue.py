"""The window's line of writes: in order off the GUI thread, retried, refused, withdrawn."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QWidget

from callnotes.errors import DatabaseLockedError, InvalidInputError
from callnotes.ui.common.write_queue import (
    WriteDroppedError,
    WriteQueue,
    WriteWithdrawnError,
    is_refusal,
)

LOCKED = "The database is locked by another program."


@pytest.fixture
def writes(qtbot) -> WriteQueue:
    owner = QWidget()
    qtbot.addWidget(owner)
    queue = WriteQueue(owner, retry_ms=50)
    yield queue
    queue.shutdown()


def test_writes_run_in_order_off_the_gui_thread_and_a_locked_one_is_retried(qtbot, writes) -> None:
    done: list[str] = []
    threads: set[int] = set()
    attempts = {"second": 0}

    def write(name: str) -> str:
        threads.add(threading.get_ident())
        if name == "second":
            attempts["second"] += 1
            if attempts["second"] < 3:
                raise DatabaseLockedError(LOCKED)
        return name

    failures: list[str] = []
    for name in ("first", "second", "third"):
        writes.put(
            lambda n=name: write(n),
            on_done=done.append,
            on_failed=lambda e: failures.append(str(e)),
        )

    qtbot.waitUntil(lambda: done == ["first", "second", "third"])
    assert failures == [LOCKED, LOCKED]
    assert threading.get_ident() not in threads
    assert writes.pending == 0


def test_a_refused_write_leaves_the_line_and_the_rest_go_on(qtbot, writes) -> None:
    done: list[str] = []
    refused: list[str] = []

    def refuse() -> str:
        raise InvalidInputError("A case needs a title.")

    writes.put(refuse, on_done=done.append, on_failed=lambda e: refused.append(str(e)))
    writes.put(lambda: "next", on_done=done.append)

    qtbot.waitUntil(lambda: done == ["next"])
    assert refused == ["A case needs a title."]


def test_a_fault_in_a_write_is_reported_and_its_owner_told_it_was_dropped(qtbot, writes) -> None:
    done: list[str] = []
    told: list[object] = []

    def broken() -> str:
        raise KeyError("a bug")

    with qtbot.capture_exceptions() as raised:
        writes.put(broken, on_done=done.append, on_failed=told.append)
        writes.put(lambda: "next", on_done=done.append)
        qtbot.waitUntil(lambda: done == ["next"])

    assert [type(error) for _kind, error, _tb in raised] == [KeyError]  # the crash dialog's
    assert len(told) == 1 and isinstance(told[0], WriteDroppedError)


def test_a_write_waiting_for_its_retry_can_be_withdrawn_and_never_runs(qtbot, writes) -> None:
    attempts: list[int] = []
    done: list[str] = []

    def locked() -> str:
        attempts.append(1)
        raise DatabaseLockedError(LOCKED)

    handle = writes.put(locked, on_done=done.append)
    writes.put(lambda: "behind it", on_done=done.append)
    qtbot.waitUntil(lambda: len(attempts) >= 1 and writes.failing)

    assert writes.withdraw(handle)
    qtbot.waitUntil(lambda: done == ["behind it"])
    tried = len(attempts)
    qtbot.wait(200)  # several retry periods
    assert len(attempts) == tried, "a withdrawn write is never tried again"
    assert not writes.withdraw(handle), "only once"


def test_a_write_withdrawn_while_it_is_tried_is_not_tried_again_if_that_try_fails(
    qtbot, writes
) -> None:
    trying, release = threading.Event(), threading.Event()
    tries: list[int] = []

    def locked() -> None:
        tries.append(1)
        trying.set()
        release.wait(5)
        raise DatabaseLockedError(LOCKED)

    failures: list[Exception] = []
    handle = writes.put(locked, on_failed=failures.append)
    qtbot.waitUntil(trying.is_set)
    assert writes.withdraw(handle) is False  # under way: it may still be stored
    release.set()
    qtbot.waitUntil(lambda: writes.pending == 0)
    qtbot.wait(200)  # four retry periods
    assert len(tries) == 1
    assert [type(f) for f in failures] == [WriteWithdrawnError]
    assert is_refusal(failures[0])


def test_closing_with_a_write_in_line_says_what_it_waits_for(qtbot, ctx, case, window_state):
    import threading

    from tests.ui.conftest import shown_window

    window = shown_window(qtbot, ctx, window_state)
    release = threading.Event()
    window.writes.put(lambda: release.wait(0.5))  # a write the server is slow to take
    window.close()  # waits for it, a few seconds at most
    assert window.banner.text() == "Closing: storing what was typed (a few seconds at most)…"
    release.set()
