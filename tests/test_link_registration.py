"""``callnotes register-links``: a desktop entry for this user, HKCU keys on Windows, no shell."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from callnotes.link_registration import desktop_entry, exec_quote, register_links

TEMPLATE = (Path(__file__).resolve().parent.parent / "resources" / "callnotes.desktop").read_text()


class FakeRun:
    def __init__(self, returncode: int = 0) -> None:
        self.commands: list[list[str]] = []
        self.returncode = returncode

    def __call__(self, command: Sequence[str]) -> subprocess.CompletedProcess[str]:
        self.commands.append(list(command))
        return subprocess.CompletedProcess(list(command), self.returncode, "", "")


class FakeRegistry:
    def __init__(self) -> None:
        self.values: dict[tuple[str, str], str] = {}

    def set_value(self, key: str, name: str, value: str) -> None:
        self.values[(key, name)] = value


def which_all(name: str) -> str:
    return f"/usr/bin/{name}"


def test_linux_installs_the_entry_and_asks_xdg_mime_for_callnotes_links_only(tmp_path: Path):
    run = FakeRun()
    lines = register_links(
        platform="linux",
        env={"XDG_DATA_HOME": str(tmp_path / "share"), "HOME": "/nonexistent"},
        launcher=["/opt/call notes/bin/callnotes"],
        run=run,
        which=which_all,
    )
    entry = tmp_path / "share" / "applications" / "callnotes.desktop"
    text = entry.read_text()
    assert 'Exec="/opt/call notes/bin/callnotes" %u\n' in text
    assert "MimeType=x-scheme-handler/callnotes;\n" in text
    assert "Name=callnotes" in text and "Icon=callnotes" in text
    assert stat.S_IMODE(entry.stat().st_mode) == 0o644
    assert (tmp_path / "share/icons/hicolor/scalable/apps/callnotes.svg").is_file()
    assert [
        "xdg-mime",
        "default",
        "callnotes.desktop",
        "x-scheme-handler/callnotes",
    ] in run.commands
    assert not any("x-scheme-handler/tel" in c for c in run.commands)
    assert lines[-1] == "callnotes now opens callnotes: links."


def test_tel_and_callto_only_when_asked(tmp_path: Path):
    run = FakeRun()
    register_links(
        tel=True,
        platform="linux",
        env={"HOME": str(tmp_path)},
        launcher=["/usr/bin/callnotes"],
        run=run,
        which=which_all,
    )
    text = (tmp_path / ".local/share/applications/callnotes.desktop").read_text()
    assert (
        "MimeType=x-scheme-handler/callnotes;x-scheme-handler/tel;x-scheme-handler/callto;" in text
    )
    assert {c[-1] for c in run.commands if c[0] == "xdg-mime"} == {
        "x-scheme-handler/callnotes",
        "x-scheme-handler/tel",
        "x-scheme-handler/callto",
    }


def test_without_xdg_mime_the_user_is_told_what_to_do(tmp_path: Path):
    run = FakeRun()
    lines = register_links(
        platform="linux",
        env={"HOME": str(tmp_path)},
        launcher=["callnotes"],
        run=run,
        which=lambda _name: None,
    )
    assert run.commands == []
    assert "xdg-mime is not installed" in lines[-1]


def test_a_failing_xdg_mime_is_reported(tmp_path: Path):
    lines = register_links(
        platform="linux",
        env={"HOME": str(tmp_path)},
        launcher=["callnotes"],
        run=FakeRun(returncode=3),
        which=which_all,
    )
    assert lines[-1] == "xdg-mime could not make callnotes the handler for callnotes: links."


@pytest.mark.parametrize(
    ("arg", "quoted"),
    [
        ("/usr/bin/callnotes", "/usr/bin/callnotes"),
        ("/opt/my apps/callnotes", '"/opt/my apps/callnotes"'),
        ("/home/o'neil/bin/callnotes", '"/home/o\'neil/bin/callnotes"'),
        ('/tmp/"quoted"/callnotes', '"/tmp/\\\\"quoted\\\\"/callnotes"'),
        ("/tmp/$HOME/callnotes", '"/tmp/\\\\$HOME/callnotes"'),
        ("/tmp/100%/callnotes", "/tmp/100%%/callnotes"),
        ("C:\\apps\\callnotes", '"C:\\\\\\\\apps\\\\\\\\callnotes"'),
    ],
)
def test_exec_arguments_are_quoted_as_the_desktop_entry_spec_says(arg: str, quoted: str):
    assert exec_quote(arg) == quoted


def test_the_exec_line_is_rewritten_and_nothing_else():
    entry = desktop_entry(TEMPLATE, ["/venv/bin/python", "-m", "callnotes"], ["callnotes"])
    assert "Exec=/venv/bin/python -m callnotes %u" in entry
    assert entry.count("Exec=") == 1
    assert "Type=Application" in entry and "StartupWMClass=callnotes" in entry


def test_windows_writes_per_user_keys_and_points_to_the_defaults_page():
    registry = FakeRegistry()
    lines = register_links(
        tel=True,
        platform="win32",
        launcher=[r"C:\Program Files\callnotes\Scripts\callnotes.exe"],
        registry=registry,
    )
    values = registry.values
    command = r'"C:\Program Files\callnotes\Scripts\callnotes.exe" "%1"'
    assert values[(r"Software\Classes\callnotes", "URL Protocol")] == ""
    assert values[(r"Software\Classes\callnotes\shell\open\command", "")] == command
    assert values[(r"Software\Classes\callnotes.phone\shell\open\command", "")] == command
    urls = r"Software\callnotes\Capabilities\URLAssociations"
    assert values[(urls, "tel")] == values[(urls, "callto")] == "callnotes.phone"
    assert values[(r"Software\RegisteredApplications", "callnotes")] == (
        r"Software\callnotes\Capabilities"
    )
    assert all(not key.upper().startswith("HKEY_LOCAL") for key, _ in values)
    assert "ms-settings:defaultapps" in lines[-1]


def test_windows_without_tel_registers_the_callnotes_scheme_only():
    registry = FakeRegistry()
    register_links(platform="win32", launcher=[r"C:\cn\callnotes.exe"], registry=registry)
    assert not any("Capabilities" in key or "phone" in key for key, _ in registry.values)


def test_macos_says_what_to_do():
    [line] = register_links(platform="darwin", launcher=["callnotes"])
    assert "CFBundleURLTypes" in line


@pytest.mark.skipif(sys.platform != "linux", reason="xdg-mime is a Linux tool")
def test_the_command_registers_into_the_home_it_is_given(tmp_path: Path):
    tools = tmp_path / "tools"
    tools.mkdir()
    record = tmp_path / "xdg-mime.log"
    fake = tools / "xdg-mime"
    fake.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{record}"\n')
    fake.chmod(0o755)
    home = tmp_path / "home"
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "share"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "PATH": f"{tools}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-m", "callnotes", "--data-dir", str(tmp_path / "data"),
         "register-links", "--tel"],
        capture_output=True, text=True, timeout=60, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    entry = (home / "share" / "applications" / "callnotes.desktop").read_text()
    launcher = Path(sys.executable).parent / "callnotes"
    assert f"Exec={exec_quote(str(launcher))} %u" in entry
    assert record.read_text().splitlines() == [
        "default callnotes.desktop x-scheme-handler/callnotes",
        "default callnotes.desktop x-scheme-handler/tel",
        "default callnotes.desktop x-scheme-handler/callto",
    ]
    assert "callnotes now opens callnotes:, tel:, callto: links." in result.stdout
