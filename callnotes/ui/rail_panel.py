"""The guided call rail: one step at a time, its prompt and phrases, advanced with one key."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from callnotes.domain.playbooks import Condition, Playbook, fill
from callnotes.domain.rail import CallFacts, RailState, missing_before_wrap_up, steps_done
from callnotes.domain.timeline import EntryKind
from callnotes.errors import CallnotesError

ANYTHING_ELSE_KEY = "asked_anything_else"


@dataclass(frozen=True)
class RailActions:
    """What the rail needs from the services."""

    facts: Callable[[int], CallFacts]
    load_state: Callable[[int], dict[str, Any]]
    save_state: Callable[[int, dict[str, Any]], None]
    record: Callable[[int, int, str, EntryKind], object]  # case, call, text, kind


class RailPanel(QFrame):
    """Shows where the call stands on the playbook; F4 moves on, Shift+F4 goes back."""

    step_changed = Signal(int)
    problem = Signal(str)

    def __init__(self, actions: RailActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("railPanel")
        self.setAccessibleName(self.tr("Call guide"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._actions = actions
        self._playbook: Playbook | None = None
        self._values: dict[str, str] = {}
        self._case_id: int | None = None
        self._call_id: int | None = None
        self._state: dict[str, Any] = {}
        self._done: list[bool] = []
        self._progress = self._label("railProgress", self.tr("Progress"))
        self._title = self._label("railTitle", self.tr("Current step"))
        font = self._title.font()
        font.setBold(True)
        self._title.setFont(font)
        self._prompt = self._label("railPrompt", self.tr("What to do"))
        self._phrases = self._label("railPhrases", self.tr("Suggested phrases"))
        self._phrases.setTextFormat(Qt.TextFormat.RichText)
        self._progress.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(3)
        for widget in (self._progress, self._title, self._prompt, self._phrases):
            layout.addWidget(widget)
        self._render()

    def _label(self, name: str, accessible: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setAccessibleName(accessible)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    @property
    def current(self) -> int:
        """Index of the current step."""
        if self._playbook is None:
            return 0
        return self._playbook.step_index(str(self._state.get("current", "")))

    @property
    def done(self) -> list[bool]:
        """Whether each step is done."""
        return list(self._done)

    @property
    def title_text(self) -> str:
        """The current step's heading, as shown."""
        return self._title.text()

    def set_playbook(self, playbook: Playbook, values: dict[str, str]) -> None:
        """Use *playbook*, filling phrases with *values* (agent, company, usual contact…)."""
        self._playbook = playbook
        self._values = dict(values)
        self.refresh()

    def set_values(self, values: dict[str, str]) -> None:
        """Update the placeholder values (the caller became known, the settings changed)."""
        self._values = dict(values)
        self._render()

    def set_call(self, case_id: int | None, call_id: int | None) -> None:
        """Follow a call (None: no call in progress)."""
        self._case_id, self._call_id = case_id, call_id
        self._state = {}
        if call_id is not None:
            try:
                self._state = self._actions.load_state(call_id)
            except CallnotesError as exc:
                self.problem.emit(str(exc))
        self.refresh()

    def refresh(self) -> None:
        """Re-check which steps are done from what has been captured."""
        if self._playbook is None or self._call_id is None:
            self._done = []
        else:
            try:
                facts = self._actions.facts(self._call_id)
            except CallnotesError as exc:
                self.problem.emit(str(exc))
                facts = CallFacts()
            self._done = steps_done(self._playbook, self._rail_state(), facts)
        self._render()

    def next_step(self) -> None:
        """The current step is finished; move to the next one."""
        if self._playbook is None or self._call_id is None or self._case_id is None:
            return
        step = self._playbook.steps[self.current]
        if step.done_when is Condition.MANUAL:
            manual = set(self._state.get("manual_done", []))
            manual.add(step.id)
            self._state["manual_done"] = sorted(manual)
        elif step.done_when is Condition.ANYTHING_ELSE and not self._state.get(ANYTHING_ELSE_KEY):
            try:
                self._actions.record(
                    self._case_id,
                    self._call_id,
                    self.tr("Asked whether there is anything else."),
                    EntryKind.ACTION,
                )
            except CallnotesError as exc:
                self.problem.emit(str(exc))
                return
            self._state[ANYTHING_ELSE_KEY] = True
        self._move(min(self.current + 1, len(self._playbook.steps) - 1))

    def previous_step(self) -> None:
        """Go back one step."""
        if self._playbook is not None and self._call_id is not None:
            self._move(max(self.current - 1, 0))

    def missing(self) -> list[str]:
        """What the playbook requires before wrap-up but the call has not captured."""
        if self._playbook is None or self._call_id is None:
            return []
        try:
            return missing_before_wrap_up(self._playbook, self._actions.facts(self._call_id))
        except CallnotesError as exc:
            self.problem.emit(str(exc))
            return []

    def record_wrapped_up_anyway(self) -> None:
        """Note in the rail state that the agent chose to wrap up with items missing."""
        self._state["wrapped_up_anyway"] = True
        self._save()

    def _move(self, index: int) -> None:
        assert self._playbook is not None
        self._state["playbook"] = self._playbook.id
        self._state["current"] = self._playbook.steps[index].id
        self._save()
        self.refresh()
        self.step_changed.emit(index)

    def _save(self) -> None:
        if self._call_id is None:
            return
        try:
            self._actions.save_state(self._call_id, self._state)
        except CallnotesError as exc:
            self.problem.emit(str(exc))

    def _rail_state(self) -> RailState:
        return RailState(
            current=self.current,
            manual_done=frozenset(self._state.get("manual_done", [])),
            wrapped_up_anyway=bool(self._state.get("wrapped_up_anyway")),
        )

    def _render(self) -> None:
        if self._playbook is None or self._call_id is None:
            self._progress.setText("")
            self._title.setText(self.tr("No call in progress"))
            self._prompt.setText(self.tr("Press Ctrl+N to start a call; the guide follows it."))
            self._phrases.setText("")
            return
        steps = self._playbook.steps
        current = self.current
        chips = []
        for n, step in enumerate(steps):
            done = n < len(self._done) and self._done[n]
            mark = "✓" if done else str(n + 1)
            style = "color:#2e7d32;" if done else "color:#8a8f98;"
            if n == current:
                style = "font-weight:bold; text-decoration:underline;"
            chips.append(f"<span style='{style}' title='{html.escape(step.title)}'>{mark}</span>")
        self._progress.setText("&nbsp;&nbsp;".join(chips))
        step = steps[current]
        self._title.setText(
            self.tr("Step {n} of {total}: {title}").format(
                n=current + 1, total=len(steps), title=fill(step.title, self._values)
            )
        )
        self._prompt.setText(fill(step.prompt, self._values))
        self._phrases.setText(
            "".join(
                f"<div style='margin-top:2px'>“<i>{html.escape(fill(p, self._values))}</i>”</div>"
                for p in step.phrases
            )
        )
