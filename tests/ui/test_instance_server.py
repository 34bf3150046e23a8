"""The primary's server: messages arrive through the event loop; garbage is dropped and logged."""

from __future__ import annotations

import logging
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalSocket

from callnotes import instance
from callnotes.domain.call_events import CallEvent, EventKind
from callnotes.ui.shell.instance_server import InstanceServer

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX sockets")


@pytest.fixture
def endpoint(tmp_path: Path) -> instance.Endpoint:
    return instance.endpoint_for(tmp_path / "run")


@pytest.fixture
def server(qtbot, endpoint) -> Iterator[InstanceServer]:
    primary = instance.claim(endpoint, instance.SHOW)
    assert primary is not None
    listening = InstanceServer(primary)
    assert listening.is_listening
    yield listening
    listening.close()
    primary.release()


def raw_send(endpoint: instance.Endpoint, data: bytes, *, close: bool = True) -> socket.socket:
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.connect(endpoint.address)
    client.sendall(data)
    if close:
        client.close()
    return client


def test_an_event_sent_before_the_gui_listened_is_not_lost(qtbot, endpoint):
    primary = instance.claim(endpoint, instance.SHOW)
    assert primary is not None
    event = CallEvent(EventKind.RINGING, number="+442079460321", name="Dana", source="microsip")
    assert instance.send(endpoint, event.as_message())  # the GUI does not exist yet
    server = InstanceServer(primary)
    try:
        with qtbot.waitSignal(server.event_received) as received:
            pass
        assert received.args == [event]
    finally:
        server.close()
        primary.release()
    assert not Path(endpoint.address).exists()


def test_show_and_event_messages(qtbot, server, endpoint):
    with qtbot.waitSignal(server.show_requested):
        assert instance.send(endpoint, instance.SHOW)
    with qtbot.waitSignal(server.event_received) as received:
        assert instance.send(endpoint, {"type": "event", "kind": "answered", "number": "030 123"})
    assert received.args[0].kind is EventKind.ANSWERED
    assert received.args[0].number == "030123"


@pytest.mark.parametrize(
    "data",
    [
        b"garbage\n",
        b'{"v": 1, "type": "event", "kind": "ringing", "number": "030; reboot"}\n',
        b"\x00\xff\xfe\n",
        b"x" * (instance.MAX_MESSAGE_BYTES + 10),
    ],
    ids=["not-json", "hostile-number", "binary", "too-long"],
)
def test_garbage_is_dropped_and_logged_without_its_content(qtbot, server, endpoint, data, caplog):
    received: list[object] = []
    server.event_received.connect(received.append)
    with caplog.at_level(logging.WARNING, logger="callnotes.ui.shell.instance_server"):
        raw_send(endpoint, data)
        qtbot.waitUntil(lambda: "refused" in caplog.text)
    assert received == []
    assert "reboot" not in caplog.text and "garbage" not in caplog.text
    with qtbot.waitSignal(server.show_requested):  # still listening afterwards
        instance.send(endpoint, instance.SHOW)


def test_a_silent_sender_never_blocks_the_gui(qtbot, server, endpoint):
    silent = raw_send(endpoint, b'{"v": 1, "type": "sh', close=False)
    try:
        # Others are served while the silent one dangles.
        with qtbot.waitSignal(server.show_requested):
            instance.send(endpoint, instance.SHOW)
    finally:
        silent.close()


def test_many_senders_at_once(qtbot, server, endpoint):
    received: list[CallEvent] = []
    server.event_received.connect(received.append)
    numbers = [f"+4930123{n:04d}" for n in range(20)]
    threads = [
        threading.Thread(
            target=instance.send,
            args=(endpoint, CallEvent(EventKind.RINGING, number=number).as_message()),
        )
        for number in numbers
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    qtbot.waitUntil(lambda: len(received) == len(numbers))
    assert sorted(e.number for e in received) == numbers
    qtbot.waitUntil(lambda: not server.findChildren(QLocalSocket))  # every socket let go
