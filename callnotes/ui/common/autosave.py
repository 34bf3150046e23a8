"""Saving a draft while the agent types: a short debounce, a hard maximum wait, retries.

Given a :class:`~callnotes.ui.common.write_queue.WriteQueue`, the saves run off the GUI thread,
in line with the other writes of the same editor (a note committed with Enter clears the draft
it came from: the save of the next note's draft must come after it, never before).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from callnotes.errors import CallnotesError

if TYPE_CHECKING:
    from callnotes.ui.common.write_queue import WriteQueue

#: ``save(key, text)``. The text is usually a string; any value that compares by equality will do
#: (the issue form saves the fields the agent changed, as a mapping).
SaveDraft = Callable[[str, Any], object]

DEBOUNCE_MS = 300
# Under 1 s with room for the save itself: at most the last second of typing may be lost.
MAX_WAIT_MS = 800
RETRY_MS = 2000


class SaveState(Enum):
    """What the agent should know about the text in the editor."""

    SAVED = "saved"
    UNSAVED = "unsaved"
    FAILED = "failed"


class DraftAutosaver(QObject):
    """Saves the editor text under a key.

    A debounce alone would never fire under continuous typing, so a second timer guarantees a
    save at most ``max_wait_ms`` after the first unsaved keystroke. A failed save keeps the text
    dirty and retries every ``retry_ms`` until it succeeds. With a *queue*, a save is put in
    line and :meth:`flush` returns at once; the queue retries a failed save itself.
    """

    state_changed = Signal(object, str)  # SaveState, message (empty unless FAILED)
    saved = Signal(str, object)  # key, the text now safely stored

    def __init__(
        self,
        save: SaveDraft,
        parent: QObject | None = None,
        *,
        debounce_ms: int = DEBOUNCE_MS,
        max_wait_ms: int = MAX_WAIT_MS,
        retry_ms: int = RETRY_MS,
        queue: WriteQueue | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self._queue = queue
        self._in_line: dict[str, Any] = {}  # per draft: the last save put in line, until stored
        self._key: str | None = None
        self._text: Any = ""
        self._dirty = False
        self._state = SaveState.SAVED
        self._debounce = self._timer(debounce_ms)
        self._max_wait = self._timer(max_wait_ms)
        self._retry = self._timer(retry_ms)

    def _timer(self, interval: int) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval)
        timer.timeout.connect(self.flush)
        return timer

    @property
    def state(self) -> SaveState:
        """Saved, unsaved (a save is pending) or failed (retrying)."""
        return self._state

    @property
    def key(self) -> str | None:
        """The draft being saved, or None."""
        return self._key

    def unsaved_text(self, key: str) -> Any | None:
        """The text of draft *key* waiting to be stored (typed, or in line), or None when the
        database holds the newest (as far as this autosaver knows)."""
        if key == self._key and self._dirty:
            return self._text
        return self._in_line.get(key)

    def set_key(self, key: str | None, text: Any = "") -> None:
        """Switch to another draft; the previous one is flushed first."""
        self.flush()
        self._key = key
        self._text = text
        self._dirty = False
        self._stop_timers()
        self._set_state(SaveState.SAVED)

    def text_changed(self, text: Any) -> None:
        """The editor changed; schedule a save."""
        if self._key is None or (text == self._text and not self._dirty):
            return
        self._text = text
        self._dirty = True
        self._debounce.start()
        if not self._max_wait.isActive() and not self._retry.isActive():
            self._max_wait.start()
        if self._state is not SaveState.FAILED:
            self._set_state(SaveState.UNSAVED)

    def mark_saved(self, text: Any = "") -> None:
        """The text was stored another way (committed as an entry, which cleared the draft).

        With a queue, that other write is in line after any save of this draft put before it:
        those are overtaken, and :meth:`unsaved_text` no longer names them.
        """
        if self._key is not None:
            self._in_line.pop(self._key, None)
        self._text = text
        self._dirty = False
        self._stop_timers()
        self._set_state(SaveState.SAVED)

    def flush(self) -> bool:
        """Save now if anything is unsaved; return whether everything is saved.

        With a queue the save is only put in line: False until it has been stored.
        """
        if not self._dirty or self._key is None:
            return not self._in_line
        self._stop_timers()
        key, text = self._key, self._text
        if self._queue is not None:
            self._dirty = False  # the queue keeps it now, and retries it until it is stored
            self._in_line[key] = text
            save = self._save
            self._queue.put(
                lambda: save(key, text),
                on_done=lambda _none: self._on_queued_saved(key, text),
                on_failed=self._on_queued_failed,
                merge=("draft", key),
            )
            return not self._in_line  # a synchronous runner (tests) stores it at once
        try:
            self._save(key, text)
        except CallnotesError as exc:
            self._retry.start()
            self._set_state(SaveState.FAILED, str(exc))
            return False
        if key == self._key and text == self._text:
            self._dirty = False
            self._set_state(SaveState.SAVED)
        self.saved.emit(key, text)
        return not self._dirty

    def _on_queued_saved(self, key: str, text: Any) -> None:
        # A merged save replaced those before it in line: the last one stored speaks for all.
        if key in self._in_line and self._in_line[key] == text:
            del self._in_line[key]
        if not self._dirty and not self._in_line:
            self._set_state(SaveState.SAVED)
        self.saved.emit(key, text)

    def _on_queued_failed(self, error: CallnotesError) -> None:
        self._set_state(SaveState.FAILED, str(error))

    def _stop_timers(self) -> None:
        for timer in (self._debounce, self._max_wait, self._retry):
            timer.stop()

    def _set_state(self, state: SaveState, message: str = "") -> None:
        if state is self._state and not message:
            return
        self._state = state
        self.state_changed.emit(state, message)
