"""One app per user and data folder: a lock file decides, a local socket carries later launches.

Qt-free and light on imports: the softphone hook loads this module and must exit in
milliseconds. The first launch takes an OS file lock (``flock`` / ``msvcrt.locking``), which
the kernel drops when the process dies, so a crash or ``kill -9`` leaves nothing that blocks the
next start. Only the lock holder may remove a socket file left behind by a dead primary.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import stat
import sys
import time
from dataclasses import dataclass

from callnotes.errors import CallnotesError

TYPE_CHECKING = False  # typing itself is not imported: the hook's start-up time counts
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

WINDOWS = sys.platform == "win32"
LOCK_NAME = "instance.lock"
SOCKET_NAME = "callnotes.sock"
PROTOCOL_VERSION = 1
MAX_MESSAGE_BYTES = 8192
SHOW: dict[str, object] = {"type": "show"}
MESSAGE_TYPES = ("event", "show")
_MAX_SOCKET_PATH = 100  # sun_path holds 108 bytes on Linux, 104 on macOS
_RETRY_S = 0.05
# How long a launch keeps offering its message to a primary that holds the lock but does not
# take it (its queue full under a flood, or starting, or quitting); MicroSIP waits 10 s.
BUSY_WAIT_S = 5.0


class InstanceError(CallnotesError):
    """The running app cannot be reached, or the runtime folder is not private."""


class BusyError(InstanceError):
    """The running app holds the lock but did not take the message in time."""


class MalformedMessageError(ValueError):
    """A line on the instance socket that is not a message callnotes sends."""


@dataclass(frozen=True)
class Endpoint:
    """Where the primary's lock and socket (a named pipe on Windows) live."""

    runtime_dir: str
    lock_path: str
    address: str


def endpoint_for(runtime_dir: str | os.PathLike[str]) -> Endpoint:
    """The lock file and socket address for a runtime folder."""
    folder = os.fspath(runtime_dir)
    lock_path = os.path.join(folder, LOCK_NAME)
    if WINDOWS:
        return Endpoint(folder, lock_path, f"callnotes-{_digest(folder.lower())}")
    address = os.path.join(folder, SOCKET_NAME)
    if len(os.fsencode(address)) > _MAX_SOCKET_PATH:
        # A deep data folder gives a path too long for a socket: use a short private folder.
        short = os.path.join("/tmp", f"callnotes-{os.geteuid()}")
        address = os.path.join(short, f"{_digest(folder)}.sock")
    return Endpoint(folder, lock_path, address)


def runtime_dir_for(data_dir: str | None, env: Mapping[str, str]) -> str:
    """The runtime folder the app uses, worked out without loading the app's modules.

    Matches :func:`callnotes.paths.resolve_paths` (a test holds them together): with a data
    folder, ``DIR/run``; on Linux with a private ``XDG_RUNTIME_DIR``, a ``callnotes`` folder
    in it; anything else asks platformdirs, as the app does.
    """
    chosen = data_dir or env.get("CALLNOTES_DATA_DIR") or ""
    if chosen:
        root = os.path.expanduser(chosen)
        if not os.path.isabs(root):
            root = os.path.join(os.getcwd(), root)
        return os.path.join(root, "run")
    xdg = env.get("XDG_RUNTIME_DIR", "")
    if sys.platform.startswith("linux") and xdg == xdg.strip() and _is_private_dir(xdg):
        return os.path.join(xdg, "callnotes")
    from callnotes.paths import resolve_paths  # slower (platformdirs, pathlib): rare path

    return str(resolve_paths(None, env=env).runtime_dir)


def encode(message: dict[str, object]) -> bytes:
    """One message as a JSON line."""
    line = json.dumps({"v": PROTOCOL_VERSION, **message}, separators=(",", ":")) + "\n"
    data = line.encode("ascii")  # json.dumps escapes everything else
    if len(data) > MAX_MESSAGE_BYTES:
        raise MalformedMessageError("The message is too long.")
    return data


def decode(data: bytes) -> dict[str, object]:
    """A message read from the socket, checked before anything looks inside it."""
    if len(data) > MAX_MESSAGE_BYTES:
        raise MalformedMessageError("The message is too long.")
    try:
        message = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise MalformedMessageError("The message is not JSON.") from exc
    if not isinstance(message, dict) or message.get("v") != PROTOCOL_VERSION:
        raise MalformedMessageError("The message is not from this version of callnotes.")
    if message.get("type") not in MESSAGE_TYPES:
        raise MalformedMessageError("The message is of an unknown type.")
    return message


def send(endpoint: Endpoint, message: dict[str, object], timeout_s: float = 1.0) -> bool:
    """Hand *message* to the running primary; False when none is listening."""
    data = encode(message)
    if WINDOWS:
        return _send_pipe(endpoint.address, data)
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        client.settimeout(timeout_s)
        try:
            client.connect(endpoint.address)
        except (FileNotFoundError, ConnectionRefusedError, NotADirectoryError):
            return False  # nobody listens, or a socket file left by a crashed primary
        client.sendall(data)
        return True
    except OSError:
        return False
    finally:
        client.close()


def deliver(
    endpoint: Endpoint,
    message: dict[str, object],
    start: Callable[[], None],
    wait_s: float | None = None,
) -> bool:
    """Hand *message* to the running app; True when handed over.

    Only when no process holds the lock does this call *start* (and return False), holding the
    lock meanwhile, so that launches at the same moment wait for that app instead of starting
    their own. A connection refused or not accepted while the lock is held means the app is
    busy: retried until *wait_s* (:data:`BUSY_WAIT_S`) has passed, then :class:`BusyError`.
    """
    deadline = time.monotonic() + (BUSY_WAIT_S if wait_s is None else wait_s)
    while True:
        if send(endpoint, message):
            return True
        try:
            lock_fd = _try_lock(endpoint.lock_path)
        except (FileNotFoundError, NotADirectoryError):
            start()  # no runtime folder: callnotes never ran here, so nobody holds the lock
            return False
        if lock_fd is not None:
            try:
                start()
            finally:
                os.close(lock_fd)
            return False
        if time.monotonic() > deadline:
            raise BusyError(f"callnotes is running{_pid_note(endpoint.lock_path)} but busy.")
        time.sleep(_RETRY_S)


class Primary:
    """The first launch: holds the lock until released (or the process dies)."""

    def __init__(self, endpoint: Endpoint, lock_fd: int, listener: socket.socket | None) -> None:
        self.endpoint = endpoint
        self._lock_fd: int | None = lock_fd
        self._listener = listener

    def take_listener(self) -> int | None:
        """The listening socket's descriptor, handed over to the GUI's server (POSIX only).

        Whoever takes it closes it, and must do so before :meth:`release`.
        """
        if self._listener is None:
            return None
        fd = self._listener.detach()
        self._listener = None
        return fd

    def release(self) -> None:
        """Close the socket (removing its file while still holding the lock), then unlock."""
        if self._listener is not None:
            self._listener.close()
            self._listener = None
            _unlink(self.endpoint.address)
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # closing the descriptor drops the lock
            self._lock_fd = None


def claim(endpoint: Endpoint, message: dict[str, object], wait_s: float = 10.0) -> Primary | None:
    """Become the primary, or hand *message* to the one that is; None when handed over.

    A primary that has just taken the lock may not listen yet, and one that is quitting may
    not listen any more: both are retried until *wait_s* has passed.
    """
    _ensure_private(endpoint.runtime_dir)
    if not WINDOWS:
        _ensure_private(os.path.dirname(endpoint.address))
    deadline = time.monotonic() + wait_s
    while True:
        try:
            lock_fd = _try_lock(endpoint.lock_path)
        except OSError as exc:
            raise InstanceError(
                f"The lock file {endpoint.lock_path} cannot be opened ({exc.strerror})."
            ) from exc
        if lock_fd is not None:
            try:
                listener = None if WINDOWS else _listen(endpoint.address)
            except OSError as exc:
                os.close(lock_fd)
                raise InstanceError(
                    f"callnotes cannot listen for softphone events ({exc.strerror})."
                ) from exc
            return Primary(endpoint, lock_fd, listener)
        if send(endpoint, message):
            return None
        if time.monotonic() > deadline:
            raise InstanceError(
                f"callnotes is already running{_pid_note(endpoint.lock_path)} but does not "
                "answer; close it and try again."
            )
        time.sleep(_RETRY_S)


def _try_lock(path: str) -> int | None:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if sys.platform == "win32":  # spelled out so type checkers skip the other platform
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    if not WINDOWS:  # a locked byte range cannot be rewritten on Windows
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
    return fd


def _listen(address: str) -> socket.socket:
    # We hold the lock, so a socket file here belongs to a primary that died: remove it.
    _unlink(address)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        previous = os.umask(0o177)  # the socket is born 0600, never briefly open to others
        try:
            server.bind(address)
        finally:
            os.umask(previous)
        server.listen(64)
    except OSError:
        server.close()
        raise
    return server


def _ensure_private(folder: str) -> None:
    """Create *folder* 0700; refuse one that another user owns or could write into."""
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        if WINDOWS:
            return
        info = os.lstat(folder)
        if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
            raise InstanceError(f"{folder} is not a folder callnotes can use for its socket.")
        if info.st_uid != os.geteuid():
            raise InstanceError(f"{folder} belongs to another user; callnotes will not use it.")
        if info.st_mode & 0o077:
            os.chmod(folder, 0o700)
    except InstanceError:
        raise
    except OSError as exc:
        raise InstanceError(f"The folder {folder} cannot be used ({exc.strerror}).") from exc


def _is_private_dir(path: str) -> bool:
    if not path or not os.path.isabs(path):
        return False
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid() and info.st_mode & 0o777 == 0o700
    )


def _send_pipe(name: str, data: bytes) -> bool:
    try:
        with open(rf"\\.\pipe\{name}", "wb", buffering=0) as pipe:
            pipe.write(data)
    except FileNotFoundError:
        return False
    except OSError:
        return False  # busy or closing: the caller retries
    return True


def _pid_note(lock_path: str) -> str:
    try:
        with open(lock_path, encoding="ascii") as handle:
            pid = handle.read(16).strip()
    except (OSError, ValueError):
        return ""
    return f" (process {pid})" if pid.isdigit() else ""


def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(os.fsencode(os.path.realpath(text))).hexdigest()[:16]


def _unlink(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
