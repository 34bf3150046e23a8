"""``callnotes-event``: the softphone hook; hands one call event to the app and exits at once.

MicroSIP waits for its commands to exit and Twinkle reads the script's output until it ends,
so this imports no Qt, no database and nothing else it can do without, and never prints to
stdout. The input is untrusted: it is checked by :mod:`callnotes.domain.call_events` and never
handed to a shell.
"""

from __future__ import annotations

import os
import sys

from callnotes import __version__, instance
from callnotes.domain.call_events import CallEvent, event_from_arguments, event_from_twinkle
from callnotes.domain.call_links import MalformedEventError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    Spawn = Callable[[list[str], dict[str, str]], None]

USAGE = """\
usage: callnotes-event [--event=ringing|answered|ended] [--name=NAME] [--outbound]
                       [--data-dir=DIR] [--] [NUMBER | LINK]

Hands a softphone's call event to the running callnotes (starting it if needed) and exits.

  NUMBER | LINK   the other party: 0301234567, +49 30 1234567, or a callnotes:, tel:,
                  sip: or callto: link. What the softphone appends (MicroSIP: the last
                  argument) is the number or link, never an option; end the options you
                  write with -- and everything after it is the softphone's (--data-dir
                  counts only then)
  --event=E       ringing (the default): show the caller's card and open cases;
                  answered: start the call and its timer; ended: wrap the call up
  --name=NAME     the caller's name as the phone shows it
  --outbound      the agent dialled this call
  --data-dir=DIR  the data folder of the callnotes to reach (also $CALLNOTES_DATA_DIR)

Without a number or link, the event is read from Twinkle's environment (TWINKLE_TRIGGER,
SIP_FROM_USER, SIP_FROM, ...); Twinkle appends nothing, so there every argument is an
option. Exit status: 0 handed over, 1 callnotes could not be reached (or stayed busy), 2 the
event was refused.
"""
_VALUE_OPTIONS = ("--event", "--name", "--data-dir")
# The child app gets the softphone's environment minus the caller's details in it.
_PRIVATE_ENV_PREFIXES = ("SIP_", "TWINKLE_")


class HookOptions:
    """What the command line of the hook said."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}
        self.targets: list[str] = []
        self.outbound = False
        self.help = False
        self.version = False
        # Whether the options are known to be the user's alone: they end with "--", or the
        # softphone appends nothing (Twinkle).
        self.delimited = False


def main(
    argv: Sequence[str] | None = None,
    env: Mapping[str, str] | None = None,
    spawn: Spawn | None = None,
) -> int:
    """Run the hook; return the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    environ = os.environ if env is None else env
    data_dir = None
    try:
        options = parse_options(args, appended=not environ.get("TWINKLE_TRIGGER"))
        if options.delimited:  # a folder the user wrote, never one a caller slipped in
            data_dir = options.values.get("--data-dir")
        check_targets(options)
        if options.help or options.version:
            # Asked for by a person at a terminal: never printed on a softphone's behalf.
            print(USAGE if options.help else f"callnotes-event {__version__}")
            return 0
        event = read_event(options, environ)
    except MalformedEventError as exc:
        return _refuse(str(exc), data_dir, environ)
    start = spawn or _spawn
    try:
        endpoint = instance.endpoint_for(instance.runtime_dir_for(data_dir, environ))
        instance.deliver(
            endpoint,
            event.as_message(),
            lambda: start(app_command(event, data_dir), _child_env(environ)),
        )
    except instance.BusyError:  # never a second app: the one running gets no event this time
        print(
            "callnotes-event: callnotes is running but stayed busy; the event was not handed over.",
            file=sys.stderr,
        )
        _log("could not hand over an event: callnotes stayed busy", data_dir, environ)
        return 1
    except OSError as exc:  # no runtime folder, no Python to start: the event cannot go anywhere
        reason = exc.strerror or type(exc).__name__
        print(f"callnotes-event: callnotes could not be reached ({reason}).", file=sys.stderr)
        _log(f"could not reach or start callnotes: {type(exc).__name__}", data_dir, environ)
        return 1
    return 0


def parse_options(args: Sequence[str], *, appended: bool = True) -> HookOptions:
    """The options the user wrote, then the number or link the softphone appended.

    MicroSIP appends the caller's SIP user part after the options written in its settings, and
    a user part can hold anything, ``--data-dir=…`` included. So what the softphone gives is
    never read as an option: it is everything after ``--`` when the options end with one, and
    otherwise the last argument. *appended* is False for Twinkle, which passes the caller in
    the environment and appends nothing: then every argument is the user's, options first.
    ``--help`` and ``--version`` count only as the one argument given.
    """
    options = HookOptions()
    given = list(args)
    if given in (["-h"], ["--help"], ["--version"]):
        options.help = given[0] != "--version"
        options.version = not options.help
        return options
    options.delimited = "--" in given or not appended
    if "--" in given:
        cut = given.index("--")
        written, options.targets = given[:cut], given[cut + 1 :]
    elif appended:
        written, options.targets = given[:-1], given[-1:]
    else:
        written = given
    queue = list(written)
    while queue:
        arg = queue.pop(0)
        name, equals, value = arg.partition("=")
        if name in _VALUE_OPTIONS:
            if not equals:
                if not queue:
                    raise MalformedEventError(f"{name} needs a value.")
                value = queue.pop(0)
            if name in options.values:
                raise MalformedEventError(f"{name} is given twice.")
            options.values[name] = value
        elif arg == "--outbound":
            options.outbound = True
        elif arg.startswith("-"):
            raise MalformedEventError("Unknown option (see callnotes-event --help).")
        elif appended:
            raise MalformedEventError("Give one number or link, after the options.")
        else:  # Twinkle's form: a number given by hand ends the options
            options.targets = [arg, *queue]
            break
    return options


def check_targets(options: HookOptions) -> None:
    """Refuse what cannot be the one number or link: more than one, or one that is an option.

    Without ``--`` a caller whose user part holds a space can put words before the last
    argument, so ``--data-dir``, which chooses where events go, counts only before ``--``.
    """
    if "--data-dir" in options.values and not options.delimited:
        raise MalformedEventError(
            "--data-dir must be followed by -- when the softphone appends the number "
            "(see callnotes-event --help)."
        )
    if len(options.targets) > 1:
        raise MalformedEventError("Give one number or link, after the options.")
    if options.targets and options.targets[0].lstrip().startswith("-"):
        raise MalformedEventError(
            "The number or link begins with '-': the softphone's argument is never an option "
            "(end your own options with --; see callnotes-event --help)."
        )


def read_event(options: HookOptions, env: Mapping[str, str]) -> CallEvent:
    """The event from the arguments (MicroSIP, links) or else from Twinkle's environment."""
    given = options.values
    if options.targets or "--event" in given or not env.get("TWINKLE_TRIGGER"):
        if not options.targets and "--event" not in given:
            raise MalformedEventError(
                "Give the caller's number or a link (see callnotes-event --help)."
            )
        return event_from_arguments(
            options.targets,
            event=given.get("--event"),
            name=given.get("--name"),
            outbound=options.outbound,
            source="microsip",
        )
    return event_from_twinkle(env)


def app_command(event: CallEvent, data_dir: str | None) -> list[str]:
    """The command that starts callnotes with *event*: the running Python, no shell."""
    command = [*_python_command(), "-m", "callnotes"]
    if data_dir:
        command.append(f"--data-dir={os.path.abspath(os.path.expanduser(data_dir))}")
    command += ["call", f"--event={event.kind.value}"]
    if event.name:
        command.append(f"--name={event.name}")
    if event.direction.value == "outbound":
        command.append("--outbound")
    if event.number:
        command += ["--", event.number]
    return command


def _python_command() -> list[str]:
    if os.name == "nt":
        # pythonw.exe starts the app without a console window flashing up.
        windowed = os.path.join(os.path.dirname(sys.executable), "pythonw.exe")
        return [windowed if os.path.exists(windowed) else sys.executable]
    return [sys.executable]


def _spawn(command: list[str], env: dict[str, str]) -> None:
    """Start the app detached: its own session, no inherited streams, never waited for."""
    import subprocess

    devnull = subprocess.DEVNULL
    if os.name == "nt":
        flags = subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined,unused-ignore]
        subprocess.Popen(
            command, stdin=devnull, stdout=devnull, stderr=devnull, env=env, creationflags=flags
        )
    else:
        # Twinkle waits for EOF on the hook's stdout: the app must not hold that pipe open.
        subprocess.Popen(
            command, stdin=devnull, stdout=devnull, stderr=devnull, env=env,
            start_new_session=True, close_fds=True,
        )  # fmt: skip


def _child_env(env: Mapping[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if not k.startswith(_PRIVATE_ENV_PREFIXES)}


def _refuse(message: str, data_dir: str | None, env: Mapping[str, str]) -> int:
    print(f"callnotes-event: {message} The event was ignored.", file=sys.stderr)
    _log(f"refused an event: {message}", data_dir, env)
    return 2


def _log(message: str, data_dir: str | None, env: Mapping[str, str]) -> None:
    """One line in the app's log; the messages never hold the number or the name."""
    try:
        chosen = data_dir or env.get("CALLNOTES_DATA_DIR")
        if chosen:
            log_dir = os.path.join(os.path.abspath(os.path.expanduser(chosen)), "logs")
        else:
            from callnotes.paths import resolve_paths

            log_dir = str(resolve_paths(None, env=env).log_dir)
        os.makedirs(log_dir, mode=0o700, exist_ok=True)
        import time

        stamp = time.strftime("%Y-%m-%d %H:%M:%S")
        line = f"{stamp},000 WARNING callnotes.hook: {message}\n"
        fd = os.open(
            os.path.join(log_dir, "callnotes.log"), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600
        )
        try:
            os.write(fd, line.encode("utf-8"))
        finally:
            os.close(fd)
    except OSError:
        pass  # a log line is never worth failing the softphone's command for
