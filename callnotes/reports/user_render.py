"""A user's template rendered in a child process, with limits on its time and memory.

A user's template is code nobody reviewed: besides errors of every kind (a division by zero, a
macro calling itself), it can ask for gigabytes or spin for minutes in ways the sandbox cannot
foresee. So it runs in a child process; the child limits its own CPU time (Unix, through
:mod:`resource`) and address space (Linux only: macOS does not enforce that limit), and the
parent waits a bounded time and then kills it. On Windows there is no :mod:`resource`: there
the parent's wall-clock timeout and the sandbox's own checks are what bound it. Built-in
templates are trusted and render in the app's own process (see :mod:`callnotes.reports.render`);
only a user's template comes here.

Either way the caller gets the rendered text or one sentence naming the template file and line
(or the limit that stopped it), and then uses the built-in template.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from jinja2 import TemplateError, TemplateSyntaxError

from callnotes.reports import environment
from callnotes.reports.context import ReportContext

# The child may use this much memory above what it has once Python and Jinja are loaded, and
# the parent waits this long beyond the template's own time limit for it to start and answer.
CHILD_MEMORY_BYTES = 768 * 1024 * 1024
START_SECONDS = 5.0
TEXT_SUFFIXES = (".html", ".md", ".txt")
_STOPPED_BY_CPU = -24  # SIGXCPU: the CPU time limit
# The child could not even report (exit 3), Python aborted on a failed allocation (SIGABRT),
# or the system killed it for its memory (SIGKILL).
_OUT_OF_MEMORY = frozenset({3, -6, -9})
_WORKER = "from callnotes.reports.user_render import _worker; _worker()"
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


@dataclass(frozen=True)
class UserRender:
    """One template to render in the child: where to find it, and everything it is given."""

    folders: tuple[Path, ...]
    name: str
    context: ReportContext
    title: str
    seconds: float


class UserTemplateError(Exception):
    """The user's template failed; the message is the sentence to show."""


def render_user_template(job: UserRender) -> str:
    """Render *job* in a child process; raise :class:`UserTemplateError` with a sentence.

    The child is a fresh interpreter running only this module (not the app's main script, as
    :mod:`multiprocessing` would); it reads the job from its stdin and writes its answer as
    JSON, so nothing the template does can reach the app's own objects.
    """
    command = [sys.executable, "-c", _WORKER]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [_PACKAGE_ROOT, env.get("PYTHONPATH")]))
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # Windows: no console window flashes
    try:
        child = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            creationflags=flags,
        )
    except OSError as exc:
        reason = (exc.strerror or type(exc).__name__).lower()
        raise UserTemplateError(
            f"Your template {job.name} could not be run (no separate process: {reason}); "
            "the built-in one was used."
        ) from None
    try:
        out, _ = child.communicate(pickle.dumps(job), timeout=job.seconds + START_SECONDS)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise UserTemplateError(_stopped_sentence(job, None)) from None
    except OSError:  # the child closed its input early: it died, a limit stopped it
        child.kill()
        child.communicate()
        raise UserTemplateError(_stopped_sentence(job, child.returncode)) from None
    try:
        outcome, text = json.loads(out)
    except (ValueError, TypeError):  # the child died before it could answer: a limit stopped it
        raise UserTemplateError(_stopped_sentence(job, child.returncode)) from None
    if outcome != "ok":
        raise UserTemplateError(str(text))
    return str(text)


def describe_template_error(name: str, exc: BaseException) -> str:
    """One sentence naming the template, the line when known, and the error."""
    where_name, line = _location(exc)
    template = where_name or name
    where = f"{template}, line {line}" if line else template
    if isinstance(exc, TemplateError):
        reason = _plain(exc.message) if exc.message else type(exc).__name__
    elif isinstance(exc, UnicodeDecodeError):
        reason = "it is not UTF-8 text: save it as UTF-8"
    elif isinstance(exc, MemoryError):
        reason = "it ran out of memory"
    elif isinstance(exc, RecursionError):
        reason = "it calls itself without end"
    else:
        reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return f"Your template {where} failed ({reason}); the built-in one was used."


# Jinja2's words for a field a value does not have, naming Python's class:
# "'callnotes.domain.cases.CaseSummary object' has no attribute 'titel'".
_NO_FIELD = re.compile(r"^'(?:[\w.]+\.)?(\w+) object' has no attribute '([^']+)'$")


def _plain(message: str) -> str:
    """Jinja2's message, in the template's words where it speaks of Python."""
    found = _NO_FIELD.match(message)
    if found is None:
        return message
    return f"there is no field “{found.group(2)}” on a {found.group(1)}"


def _stopped_sentence(job: UserRender, exitcode: int | None) -> str:
    if exitcode is None or exitcode == _STOPPED_BY_CPU:
        reason = f"it was stopped after {job.seconds:g} s, the time limit"
    elif exitcode in _OUT_OF_MEMORY:
        megabytes = CHILD_MEMORY_BYTES // (1024 * 1024)
        reason = f"it was stopped: the {megabytes} MB memory limit was reached"
    else:
        reason = f"its process ended unexpectedly, exit status {exitcode}"
    return f"Your template {job.name} failed ({reason}); the built-in one was used."


def _location(exc: BaseException) -> tuple[str | None, int | None]:
    """The template file and line an error happened in.

    A syntax error carries them; for an error while rendering, Jinja rewrites the traceback
    so that template frames point at the template file and line.
    """
    if isinstance(exc, TemplateSyntaxError):
        return (Path(exc.filename).name if exc.filename else exc.name), exc.lineno
    found: tuple[str | None, int | None] = (None, None)
    tb: TracebackType | None = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(TEXT_SUFFIXES):
            found = (Path(filename).name, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _worker() -> None:
    """The child: read the job, limit itself, render, write ["ok", text] or ["error", sentence]."""
    job = pickle.loads(sys.stdin.buffer.read())
    _limit_self(job.seconds)
    environment.RENDER_SECONDS = job.seconds
    try:
        text = _render(job)
    except BaseException as exc:  # any failure of a user template is reported
        answer = ["error", describe_template_error(job.name, exc)]
        del exc
    else:
        answer = ["ok", text]
    try:
        sys.stdout.write(json.dumps(answer))
        sys.stdout.flush()
    except BaseException:  # nothing more can be said: the parent sees the exit
        os._exit(3)


def _render(job: UserRender) -> str:
    from callnotes.reports.next_steps import next_steps

    env = environment.make_environment(job.folders, job.context.timezone)
    return environment.render_limited(
        env.get_template(job.name),
        r=job.context,
        title=job.title,
        next_steps=next_steps(job.context),
    )


def _limit_self(seconds: float) -> None:
    """Cap this process's address space and CPU time (Unix; Windows has no such limits)."""
    try:
        import resource
    except ImportError:  # Windows: the parent's wall-clock timeout is the limit
        return
    cpu = int(seconds) + 2
    limits = [(resource.RLIMIT_CPU, cpu, cpu + 1)]
    in_use = _address_space_in_use()
    if in_use is not None:  # Linux; macOS does not enforce an address-space limit
        cap = in_use + CHILD_MEMORY_BYTES
        limits.append((resource.RLIMIT_AS, cap, cap))
    for which, soft, hard in limits:
        _, current_hard = resource.getrlimit(which)
        if current_hard != resource.RLIM_INFINITY:
            soft, hard = min(soft, current_hard), min(hard, current_hard)
        with contextlib.suppress(ValueError, OSError):  # if refused, the timeout still holds
            resource.setrlimit(which, (soft, hard))


def _address_space_in_use() -> int | None:
    try:
        pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")
