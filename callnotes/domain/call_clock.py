"""Talk and hold time of a live call, from a monotonic clock (immune to clock changes)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from time import monotonic


@dataclass
class CallClock:
    """Counts talk time and hold time; ``now`` is injectable for tests."""

    now: Callable[[], float] = monotonic
    _started: float | None = field(default=None, init=False)
    _ended: float | None = field(default=None, init=False)
    _hold_since: float | None = field(default=None, init=False)
    _held: float = field(default=0.0, init=False)

    def start(self) -> None:
        """The call was answered."""
        self._started = self.now()
        self._ended = None
        self._hold_since = None
        self._held = 0.0

    def resume(
        self,
        elapsed_seconds: float,
        hold_seconds: float = 0.0,
        on_hold_for: float | None = None,
    ) -> None:
        """Continue counting a call that began *elapsed_seconds* ago (after a restart), with
        *hold_seconds* of holds ended; *on_hold_for*: the caller has been on hold that long
        and still is (None: not on hold)."""
        self.start()
        now = self.now()
        self._started = now - max(0.0, elapsed_seconds)
        self._held = max(0.0, hold_seconds)
        if on_hold_for is not None:
            self._hold_since = now - max(0.0, on_hold_for)

    def toggle_hold(self) -> bool:
        """Put the call on hold or take it off; return whether it is now on hold."""
        if not self.running:
            return False
        if self._hold_since is None:
            self._hold_since = self.now()
            return True
        self._held += self.now() - self._hold_since
        self._hold_since = None
        return False

    def stop(self) -> None:
        """The call ended."""
        if not self.running:
            return
        if self._hold_since is not None:
            self.toggle_hold()
        self._ended = self.now()

    @property
    def running(self) -> bool:
        """Whether a call is in progress."""
        return self._started is not None and self._ended is None

    @property
    def on_hold(self) -> bool:
        """Whether the caller is on hold now."""
        return self._hold_since is not None

    @property
    def hold_seconds(self) -> int:
        """Seconds on hold so far."""
        current = self.now() - self._hold_since if self._hold_since is not None else 0.0
        return int(self._held + current)

    @property
    def talk_seconds(self) -> int:
        """Seconds of the call not spent on hold."""
        if self._started is None:
            return 0
        end = self._ended if self._ended is not None else self.now()
        return max(0, int(end - self._started) - self.hold_seconds)
