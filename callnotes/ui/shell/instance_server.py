"""The primary's ear: later launches and the softphone hook send it one JSON line each."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from callnotes import instance
from callnotes.domain.call_events import CallEvent
from callnotes.domain.call_links import MalformedEventError

log = logging.getLogger(__name__)

# A sender that connects and says nothing is dropped after this long.
READ_TIMEOUT_MS = 3000


class InstanceServer(QObject):
    """Reads messages without ever blocking the GUI thread (``readyRead``, never ``waitFor…``)."""

    event_received = Signal(object)  # CallEvent
    show_requested = Signal()

    def __init__(self, primary: instance.Primary, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server = QLocalServer(self)
        self._retired: list[QLocalSocket] = []
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        descriptor = primary.take_listener()
        if descriptor is not None:
            # Listening already (callnotes/instance.py): nothing sent meanwhile is lost.
            listening = self._server.listen(descriptor)
        else:
            listening = self._server.listen(primary.endpoint.address)
        if not listening:
            log.warning("instance server not listening: %s", self._server.serverError())
        self._server.newConnection.connect(self._on_server_new_connection)

    @property
    def is_listening(self) -> bool:
        """Whether later launches can reach this app."""
        return self._server.isListening()

    def close(self) -> None:
        """Stop listening (Qt removes the socket file); call before the lock is released."""
        self._server.close()

    def _on_server_new_connection(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            _Connection(socket, self._deliver, self._retire)

    def _retire(self, socket: QLocalSocket) -> None:
        # Deleted on the next turn of the event loop. Not with deleteLater(): PySide crashes
        # when the server is destroyed while a deferred delete of its child is pending.
        self._retired.append(socket)
        QTimer.singleShot(0, self, self._on_reap_timeout)

    def _on_reap_timeout(self) -> None:
        retired, self._retired = self._retired, []
        for socket in retired:
            socket.setParent(None)  # now owned by Python: deleted as the list goes

    def _deliver(self, line: bytes) -> None:
        try:
            message = instance.decode(line)
            if message["type"] == "show":
                self.show_requested.emit()
                return
            event = CallEvent.from_message(message)
        except (instance.MalformedMessageError, MalformedEventError) as exc:
            log.warning("instance message refused: %s", exc)  # the reason, never the content
            return
        log.info("call event received: %s from %s", event.kind.value, event.source)
        self.event_received.emit(event)


class _Connection(QObject):
    """One sender: bytes gathered up to the newline, then the socket (and this) go.

    A child of its socket, so it outlives every signal the socket sends while it is destroyed.
    """

    def __init__(
        self,
        socket: QLocalSocket,
        deliver: Callable[[bytes], None],
        retire: Callable[[QLocalSocket], None],
    ) -> None:
        super().__init__(socket)
        self._socket: QLocalSocket | None = socket
        self._deliver = deliver
        self._retire = retire
        self._buffer = bytearray()
        socket.readyRead.connect(self._on_socket_ready_read)
        socket.disconnected.connect(self._on_socket_disconnected)
        QTimer.singleShot(READ_TIMEOUT_MS, self, self._on_timeout)
        if socket.bytesAvailable():
            self._on_socket_ready_read()

    def _on_socket_ready_read(self) -> None:
        if self._socket is None:
            return
        self._buffer += bytes(self._socket.readAll().data())
        line, newline, _rest = bytes(self._buffer).partition(b"\n")
        if newline:
            self._finish(line)
        elif len(self._buffer) > instance.MAX_MESSAGE_BYTES:
            log.warning("instance message refused: too long")
            self._finish(b"")

    def _on_socket_disconnected(self) -> None:
        if self._socket is not None:
            self._buffer += bytes(self._socket.readAll().data())
            self._finish(bytes(self._buffer))

    def _on_timeout(self) -> None:
        if self._socket is not None:
            log.warning("instance message refused: the sender said nothing")
            self._finish(b"")

    def _finish(self, line: bytes) -> None:
        socket, self._socket = self._socket, None  # no reference cycle with the socket
        assert socket is not None
        socket.abort()
        self._retire(socket)
        if line.strip():
            self._deliver(line)
