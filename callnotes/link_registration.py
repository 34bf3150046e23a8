"""``callnotes register-links``: let this callnotes open ``callnotes:`` links (``tel:`` on request).

Per user only: a desktop entry under ``$XDG_DATA_HOME/applications`` on Linux, keys under
``HKCU\\Software\\Classes`` on Windows. Nothing runs through a shell.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Protocol

from callnotes.atomic import write_atomic
from callnotes.errors import InvalidInputError
from callnotes.resources import resources_dir

DESKTOP_FILE = "callnotes.desktop"
SCHEMES = ("callnotes",)
PHONE_SCHEMES = ("tel", "callto")
_EXEC_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")

Run = Callable[[Sequence[str]], "subprocess.CompletedProcess[str]"]


class RegistryWriter(Protocol):
    """Sets a string value under ``HKEY_CURRENT_USER`` (a fake one in tests)."""

    def set_value(self, key: str, name: str, value: str) -> None:
        """Create *key* if needed and set its value *name* ("" is the default value)."""


def register_links(
    *,
    tel: bool = False,
    platform: str = sys.platform,
    env: Mapping[str, str] = os.environ,
    launcher: Sequence[str] | None = None,
    run: Run | None = None,
    which: Callable[[str], str | None] = shutil.which,
    registry: RegistryWriter | None = None,
) -> list[str]:
    """Register the handler for the current user; return what was done, one sentence each."""
    command = list(launcher or app_launcher(platform))
    schemes = SCHEMES + (PHONE_SCHEMES if tel else ())
    if platform == "win32":
        return _register_windows(command, tel, registry or _WinregWriter())
    if platform == "darwin":
        return [
            "On macOS a link scheme belongs to an application bundle, which pip does not make. "
            "In the bundle that starts callnotes, declare CFBundleURLTypes with "
            "CFBundleURLSchemes = (" + ", ".join(schemes) + ") in Info.plist; macOS registers "
            "it when the bundle is first opened, and the link arrives as a file-open event."
        ]
    return _register_xdg(command, schemes, env, run or (lambda cmd: _run(cmd, env)), which)


def app_launcher(platform: str = sys.platform) -> list[str]:
    """The command that starts this callnotes: its launcher script, else ``python -m``."""
    folder = Path(sys.executable).parent
    script = folder / ("callnotes.exe" if platform == "win32" else "callnotes")
    if script.is_file():
        return [str(script)]
    python = Path(sys.executable)
    if platform == "win32" and (folder / "pythonw.exe").is_file():
        python = folder / "pythonw.exe"
    return [str(python), "-m", "callnotes"]


def desktop_entry(template: str, command: Sequence[str], schemes: Sequence[str]) -> str:
    """The shipped desktop entry with ``Exec`` pointing at *command* and the link types."""
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            line = "Exec=" + " ".join(exec_quote(arg) for arg in command) + " %u"
        elif line.startswith("MimeType="):
            line = "MimeType=" + "".join(f"x-scheme-handler/{s};" for s in schemes)
        lines.append(line)
    return "\n".join(lines) + "\n"


def exec_quote(arg: str) -> str:
    """One argument of an ``Exec`` line, quoted as the Desktop Entry specification asks."""
    if any(ch in "\n\r\x00" for ch in arg):
        raise InvalidInputError("The path to callnotes contains a line break.")
    escaped = arg.replace("%", "%%")
    if not (set(escaped) & _EXEC_RESERVED):
        return escaped
    for char in ("\\", '"', "`", "$"):
        escaped = escaped.replace(char, "\\" + char)
    # The string-level escape rule applies first, so every backslash is written twice.
    return '"' + escaped.replace("\\", "\\\\") + '"'


def _register_xdg(
    command: list[str],
    schemes: Sequence[str],
    env: Mapping[str, str],
    run: Run,
    which: Callable[[str], str | None],
) -> list[str]:
    data_home = env.get("XDG_DATA_HOME", "")
    if not os.path.isabs(data_home):
        home = env.get("HOME", "")
        if not os.path.isabs(home):
            raise InvalidInputError("Neither XDG_DATA_HOME nor HOME names a folder.")
        data_home = os.path.join(home, ".local", "share")
    applications = Path(data_home) / "applications"
    resources = resources_dir()
    entry = desktop_entry((resources / DESKTOP_FILE).read_text(encoding="utf-8"), command, schemes)
    icon = Path(data_home) / "icons" / "hicolor" / "scalable" / "apps" / "callnotes.svg"
    try:
        applications.mkdir(parents=True, exist_ok=True)
        write_atomic(applications / DESKTOP_FILE, entry.encode("utf-8"), mode=0o644)
        icon.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(icon, (resources / "icons" / "callnotes.svg").read_bytes(), mode=0o644)
    except OSError as exc:
        raise InvalidInputError(
            f"The desktop entry cannot be written to {applications} ({exc.strerror})."
        ) from exc
    done = [f"Installed {applications / DESKTOP_FILE}"]
    links = ", ".join(f"{s}:" for s in schemes)
    if which("update-desktop-database"):
        run(["update-desktop-database", str(applications)])
    if not which("xdg-mime"):
        done.append(
            f"xdg-mime is not installed: choose callnotes for {links} links in your desktop's "
            "default-applications settings."
        )
        return done
    failed = [
        s
        for s in schemes
        if run(["xdg-mime", "default", DESKTOP_FILE, f"x-scheme-handler/{s}"]).returncode
    ]
    if failed:
        done.append(
            "xdg-mime could not make callnotes the handler for "
            + ", ".join(f"{s}:" for s in failed)
            + " links."
        )
    else:
        done.append(f"callnotes now opens {links} links.")
    return done


def _register_windows(command: list[str], tel: bool, registry: RegistryWriter) -> list[str]:
    quoted = " ".join(f'"{arg}"' if " " in arg or not arg else arg for arg in command)
    open_command = f'{quoted} "%1"'
    classes = r"Software\Classes"
    registry.set_value(rf"{classes}\callnotes", "", "URL:callnotes link")
    registry.set_value(rf"{classes}\callnotes", "URL Protocol", "")
    registry.set_value(rf"{classes}\callnotes\DefaultIcon", "", f"{command[0]},0")
    registry.set_value(rf"{classes}\callnotes\shell\open\command", "", open_command)
    done = [r"Registered callnotes: links under HKEY_CURRENT_USER\Software\Classes."]
    if not tel:
        return done
    # Windows 8 and later let only the user choose the tel: handler: declare the capability
    # and send them to the defaults page.
    registry.set_value(rf"{classes}\callnotes.phone", "", "callnotes phone link")
    registry.set_value(rf"{classes}\callnotes.phone\shell\open\command", "", open_command)
    capabilities = r"Software\callnotes\Capabilities"
    registry.set_value(capabilities, "ApplicationName", "callnotes")
    registry.set_value(
        capabilities, "ApplicationDescription", "Notes for the support call that matters"
    )
    for scheme in PHONE_SCHEMES:
        registry.set_value(rf"{capabilities}\URLAssociations", scheme, "callnotes.phone")
    registry.set_value(r"Software\RegisteredApplications", "callnotes", capabilities)
    done.append(
        "Windows lets only you choose the tel: and callto: handler: Settings > Apps > Default "
        "apps > Choose defaults by link type (ms-settings:defaultapps), then pick callnotes."
    )
    return done


class _WinregWriter:
    """The real registry, current user only."""

    def set_value(self, key: str, name: str, value: str) -> None:
        """Set one string value under ``HKEY_CURRENT_USER``."""
        if sys.platform != "win32":
            raise InvalidInputError("The Windows registry exists only on Windows.")
        import winreg

        with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, key, 0, winreg.KEY_WRITE) as handle:
            winreg.SetValueEx(handle, name, 0, winreg.REG_SZ, value)


def _run(command: Sequence[str], env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            list(command), capture_output=True, text=True, timeout=30, check=False, env=dict(env)
        )
    except (OSError, subprocess.TimeoutExpired):
        return subprocess.CompletedProcess(list(command), 1, "", "")
