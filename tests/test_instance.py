"""The single instance without Qt: lock, socket, takeover after kill -9, simultaneous launches."""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from callnotes import instance
from callnotes.paths import resolve_paths

ROOT = Path(__file__).resolve().parent.parent
CHILD = ROOT / "tests" / "instance_child.py"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX sockets and flock")


class Children:
    """Child launches that are always killed, whatever the test did."""

    def __init__(self) -> None:
        self.procs: list[subprocess.Popen[str]] = []

    def start(self, runtime: Path, go: Path | None = None) -> subprocess.Popen[str]:
        args = [sys.executable, str(CHILD), str(runtime), *([str(go)] if go else [])]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True, env=env)
        self.procs.append(proc)
        return proc

    def kill_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
            proc.wait(timeout=30)
            assert proc.stdout is not None
            proc.stdout.close()


@pytest.fixture
def children() -> Iterator[Children]:
    started = Children()
    yield started
    started.kill_all()


def first_line(proc: subprocess.Popen[str]) -> str:
    assert proc.stdout is not None
    return proc.stdout.readline().strip()


def test_the_first_claim_is_primary_and_the_next_one_hands_its_message_over(
    tmp_path: Path,
) -> None:
    endpoint = instance.endpoint_for(tmp_path / "run")
    primary = instance.claim(endpoint, instance.SHOW)
    assert primary is not None
    try:
        run_dir = tmp_path / "run"
        assert stat.S_IMODE(run_dir.stat().st_mode) == 0o700
        assert stat.S_IMODE(os.stat(endpoint.address).st_mode) == 0o600
        assert (run_dir / instance.LOCK_NAME).read_text().strip() == str(os.getpid())

        message = {"type": "event", "kind": "ringing", "number": "+4930123"}
        assert instance.claim(endpoint, message, wait_s=2) is None
        fd = primary.take_listener()
        assert fd is not None
        with socket.socket(fileno=fd) as listener:
            connection, _ = listener.accept()
            with connection:
                line = connection.recv(4096)
        assert instance.decode(line) == {"v": 1, **message}
    finally:
        primary.release()
    assert instance.send(endpoint, instance.SHOW) is False  # nobody listens any more


def test_release_removes_the_socket_while_still_holding_the_lock(tmp_path: Path) -> None:
    endpoint = instance.endpoint_for(tmp_path / "run")
    primary = instance.claim(endpoint, instance.SHOW)
    assert primary is not None
    primary.release()
    assert not os.path.exists(endpoint.address)
    again = instance.claim(endpoint, instance.SHOW, wait_s=1)
    assert again is not None
    again.release()


def test_after_kill_9_the_next_launch_takes_over_without_clean_up(
    tmp_path: Path, children: Children
) -> None:
    runtime = tmp_path / "run"
    first = children.start(runtime)
    assert first_line(first) == "PRIMARY"
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    endpoint = instance.endpoint_for(runtime)
    assert os.path.exists(endpoint.address)  # the dead primary's socket file is still there
    assert instance.send(endpoint, instance.SHOW) is False

    second = children.start(runtime)
    assert first_line(second) == "PRIMARY"
    assert instance.send(endpoint, {"type": "show", "after": "takeover"})
    assert json.loads(first_line(second).removeprefix("RECEIVED ")) == {
        "v": 1,
        "type": "show",
        "after": "takeover",
    }


def test_three_launches_at_once_give_exactly_one_primary(
    tmp_path: Path, children: Children
) -> None:
    runtime, go = tmp_path / "run", tmp_path / "go"
    launches = [children.start(runtime, go) for _ in range(3)]
    time.sleep(0.3)  # all three are waiting for the signal to go
    go.touch()
    outcomes = [first_line(p) for p in launches]
    assert sorted(outcomes) == ["FORWARDED", "FORWARDED", "PRIMARY"]
    primary = launches[outcomes.index("PRIMARY")]
    received = {json.loads(first_line(primary).removeprefix("RECEIVED "))["pid"] for _ in range(2)}
    forwarded = {
        p.pid for p, outcome in zip(launches, outcomes, strict=True) if outcome != "PRIMARY"
    }
    assert received == forwarded
    for proc in launches:
        if proc is not primary:
            assert proc.wait(timeout=30) == 0


def test_a_runtime_folder_open_to_others_is_made_private(tmp_path: Path) -> None:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o755)
    runtime.chmod(0o777)
    primary = instance.claim(instance.endpoint_for(runtime), instance.SHOW)
    assert primary is not None
    primary.release()
    assert stat.S_IMODE(runtime.stat().st_mode) == 0o700


def test_a_symlinked_runtime_folder_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir(mode=0o700)
    (tmp_path / "run").symlink_to(target)
    with pytest.raises(instance.InstanceError, match="not a folder"):
        instance.claim(instance.endpoint_for(tmp_path / "run"), instance.SHOW)


def test_a_deep_data_folder_gets_a_short_private_socket(tmp_path: Path) -> None:
    deep = tmp_path.joinpath(*["a-rather-long-folder-name"] * 6) / "run"
    endpoint = instance.endpoint_for(deep)
    assert len(os.fsencode(endpoint.address)) <= 100
    assert endpoint.lock_path == str(deep / instance.LOCK_NAME)
    assert endpoint.address.startswith(f"/tmp/callnotes-{os.geteuid()}/")
    assert instance.endpoint_for(deep).address == endpoint.address  # the hook finds it again
    primary = instance.claim(endpoint, instance.SHOW)
    assert primary is not None
    try:
        assert instance.claim(endpoint, instance.SHOW, wait_s=1) is None
    finally:
        primary.release()


@pytest.mark.parametrize("data_dir", ["data", "./nested/../data", "~/callnotes-test-data"])
def test_the_hook_finds_the_runtime_folder_the_app_uses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data_dir: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "nested").mkdir()
    monkeypatch.setenv("HOME", str(tmp_path))
    app_side = resolve_paths(data_dir).runtime_dir
    hook_side = instance.runtime_dir_for(data_dir, {})
    assert os.path.realpath(hook_side) == os.path.realpath(app_side)
    env_side = instance.runtime_dir_for(None, {"CALLNOTES_DATA_DIR": data_dir})
    assert os.path.realpath(env_side) == os.path.realpath(app_side)


def test_the_hook_reads_xdg_runtime_dir_as_platformdirs_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    private = tmp_path / "xdg"
    private.mkdir(mode=0o700)
    monkeypatch.delenv("CALLNOTES_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(private))
    app_side = str(resolve_paths(None).runtime_dir)
    assert app_side == str(private / "callnotes")
    assert instance.runtime_dir_for(None, os.environ) == app_side
    private.chmod(0o755)  # not private: both fall back to the same platform default
    assert instance.runtime_dir_for(None, os.environ) == str(resolve_paths(None).runtime_dir)
