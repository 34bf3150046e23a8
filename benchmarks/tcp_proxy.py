"""A TCP proxy that can cut: between a desktop and a PostgreSQL server (tests, benchmarks).

``forward`` passes bytes both ways; ``cut()`` closes every connection and refuses new ones (a
server gone, a cable pulled: the desktop hears of it at once); ``drop()`` keeps every
connection open but passes nothing, either way, and accepts new connections that then hear
nothing (packets silently dropped: the desktop hears of nothing until its timeouts);
``restore()`` forwards again (connections cut or dropped stay dead: the desktop opens new ones).
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading


class TcpProxy:
    """Listens on 127.0.0.1 on a free port and forwards to *target*."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self._target = (target_host, target_port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self._lock = threading.Lock()
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._mode = "forward"
        self._stopped = threading.Event()
        threading.Thread(target=self._accept, name="proxy-accept", daemon=True).start()

    def url(self, url: str) -> str:
        """*url* (a SQLAlchemy URL of the target) through this proxy."""
        from sqlalchemy.engine import make_url

        return make_url(url).set(host="127.0.0.1", port=self.port).render_as_string(False)

    def cut(self) -> None:
        """Close every connection; refuse new ones until :meth:`restore`."""
        with self._lock:
            self._mode = "cut"
            pairs, self._pairs = self._pairs, []
        for pair in pairs:
            for end in pair:
                with contextlib.suppress(OSError):
                    end.close()

    def drop(self) -> None:
        """Pass nothing, either way, on every connection, old or new, until :meth:`restore`."""
        with self._lock:
            self._mode = "drop"

    def restore(self) -> None:
        """Forward again; connections dropped meanwhile stay silent (they are dead)."""
        with self._lock:
            self._mode = "forward"

    def stop(self) -> None:
        """Close everything."""
        self._stopped.set()
        self.cut()
        with contextlib.suppress(OSError):
            self._listener.close()

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                client, _address = self._listener.accept()
            except OSError:
                return
            with self._lock:
                mode = self._mode
            if mode == "cut":
                client.close()
                continue
            try:
                server = socket.create_connection(self._target)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._pairs.append((client, server))
                silent = mode == "drop"
            threading.Thread(target=self._pump, args=(client, server, silent), daemon=True).start()

    def _pump(self, client: socket.socket, server: socket.socket, silent: bool) -> None:
        """Copy both ways while forwarding; a connection made or caught while dropping never
        passes anything again (as a peer behind a black hole, it is gone)."""
        ends = {client: server, server: client}
        try:
            while not self._stopped.is_set():
                with self._lock:
                    mode = self._mode
                    alive = (client, server) in self._pairs
                if not alive:
                    return
                if mode == "drop":
                    silent = True
                readable, _, _ = select.select(list(ends), [], [], 0.1)
                for end in readable:
                    data = end.recv(65536)
                    if not data:
                        return
                    if not silent:
                        ends[end].sendall(data)
        except OSError:
            return
        finally:
            for end in (client, server):
                with contextlib.suppress(OSError):
                    end.close()
