import threading

import pytest
from PySide6.QtCore import QObject, QThread

from callnotes.errors import CallnotesError
from callnotes.ui.common.task_runner import SynchronousTaskRunner, TaskRunner


@pytest.fixture
def runner(qtbot):
    runner = TaskRunner()
    yield runner
    runner.shutdown()


def test_work_runs_off_the_gui_thread_and_reports_back_on_it(qtbot, runner):
    gui = QThread.currentThread()
    seen = {}

    def work():
        seen["worker"] = QThread.currentThread()
        return 42

    def on_result(value):
        seen["result"] = value
        seen["delivered_on"] = QThread.currentThread()

    with qtbot.waitSignal(runner.task_finished) as finished:
        ticket = runner.submit(work, on_result=on_result)
    assert finished.args == [ticket, 42]
    assert seen["result"] == 42
    assert seen["worker"] is not gui
    assert seen["delivered_on"] is gui
    assert not runner.busy


def test_the_latest_query_wins(qtbot, runner):
    release = threading.Event()
    results = []

    def slow():
        release.wait(5)
        return "stale"

    runner.submit(slow, on_result=results.append, key="search")
    with qtbot.waitSignal(runner.task_finished):
        runner.submit(lambda: "fresh", on_result=results.append, key="search")
    release.set()
    runner.wait_for_done()
    qtbot.wait(20)  # let a stale delivery through the event loop, if one were coming
    assert results == ["fresh"]


def test_known_errors_reach_on_error(qtbot, runner):
    errors = []

    def fails():
        raise CallnotesError("The database is locked by another program.")

    with qtbot.waitSignal(runner.task_failed):
        runner.submit(fails, on_result=pytest.fail, on_error=errors.append)
    assert [str(e) for e in errors] == ["The database is locked by another program."]


def test_busy_is_announced_once_each_way(qtbot, runner):
    states = []
    runner.busy_changed.connect(states.append)
    with qtbot.waitSignal(runner.task_finished):
        runner.submit(lambda: 1)
    qtbot.waitUntil(lambda: states == [True, False])


def test_callbacks_of_a_deleted_owner_are_dropped(qtbot, runner):
    owner = QObject()
    release = threading.Event()
    called = []
    runner.submit(lambda: release.wait(5), on_result=called.append, owner=owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner))
    with qtbot.waitSignal(runner.task_finished):
        release.set()
    assert called == []


def test_a_shut_down_runner_refuses_work_quietly(qtbot, runner):
    runner.shutdown()
    ran, results = [], []
    assert runner.submit(lambda: ran.append(1), on_result=results.append) == 0
    qtbot.wait(50)
    assert ran == [] and results == [] and not runner.busy


def test_the_synchronous_runner_has_the_same_interface_and_signals(qtbot):
    runner = SynchronousTaskRunner()
    results, errors = [], []
    with qtbot.waitSignal(runner.task_finished) as finished:
        ticket = runner.submit(lambda: "done", on_result=results.append, key="k")
    assert finished.args == [ticket, "done"]
    with qtbot.waitSignal(runner.task_failed):
        runner.submit(_raise_known, on_error=errors.append, key="k")
    assert results == ["done"]
    assert [str(e) for e in errors] == ["Not saved: the disk is full."]
    assert not runner.busy


def test_bugs_are_not_swallowed(qtbot):
    runner = SynchronousTaskRunner()
    with pytest.raises(ZeroDivisionError):
        runner.submit(lambda: 1 / 0, on_error=pytest.fail)


def _raise_known():
    raise CallnotesError("Not saved: the disk is full.")


def _alive(obj):
    import shiboken6

    return shiboken6.isValid(obj)


def test_a_bug_in_a_worker_is_raised_on_the_gui_thread(qtbot, runner):
    with qtbot.captureExceptions() as exceptions, qtbot.waitSignal(runner.task_failed):
        runner.submit(lambda: 1 / 0, on_error=pytest.fail)
    assert [type(e[1]) for e in exceptions] == [ZeroDivisionError]
