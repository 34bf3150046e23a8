"""The guided call rail: one step at a time, its prompt and phrases, advanced with one key.

The rail never waits on the database: the call's guide state and what the call captured are read
on the task runner and shown on arrival; the state it saves and the entries it records go
through the window's write queue, in line with the notes typed.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QTextDocument
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from callnotes.domain.changes import Changes, Part
from callnotes.domain.playbooks import (
    KEY_PREFIX,
    Condition,
    Gap,
    Playbook,
    PlaybookStep,
    pieces,
    situations_of,
)
from callnotes.domain.rail import CallFacts, RailState, missing_before_wrap_up, steps_done
from callnotes.domain.timeline import EntryKind
from callnotes.errors import CallnotesError
from callnotes.ui.common.key_names import key_text
from callnotes.ui.common.task_runner import SynchronousTaskRunner, TaskRunner
from callnotes.ui.common.write_queue import WriteQueue, is_refusal

if TYPE_CHECKING:
    from callnotes.ui.common.change_notice import ChangeNotice

ANYTHING_ELSE_KEY = "asked_anything_else"
READ_BACK_KEY = "read_back_confirmed"
# Steps the agent finishes with a key (never by what was captured alone): the guide stays there.
_BY_KEY = (Condition.MANUAL, Condition.ANYTHING_ELSE, Condition.READ_BACK)
_GAP_STYLE = "color:#b45309; font-style:italic; font-weight:normal;"
_LINK = "action:"
# Which command fills in a missing value: offered as a link and named by its key.
# Where a link goes instead, when the window has it: straight to the field in the form.
_LINK_TARGETS = {"usual_contact": "choose_usual_contact"}
_FILLED_BY = {
    "usual_contact": "edit_card",
    "caller": "edit_card",
    "client": "edit_card",
    "company": "settings",
    "agent": "settings",
    "away_reason": "team_directory",
    "away_until": "team_directory",
}


@dataclass(frozen=True)
class RailActions:
    """What the rail needs from the services."""

    facts: Callable[[int], CallFacts]
    load_state: Callable[[int], dict[str, Any]]
    save_state: Callable[[int, dict[str, Any]], None]
    record: Callable[[int, int, str, EntryKind], object]  # case, call, text, kind


class RailPanel(QFrame):
    """Shows where the call stands on the playbook; F4 moves on, Shift+F4 goes back.

    *runner* reads and *writes* stores (without them: at once, for tests of the rail alone).
    """

    step_changed = Signal(int)
    problem = Signal(str)

    def __init__(
        self,
        actions: RailActions,
        parent: QWidget | None = None,
        *,
        changes: ChangeNotice | None = None,
        runner: TaskRunner | None = None,
        writes: WriteQueue | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner if runner is not None else SynchronousTaskRunner(self)
        self._writes = (
            writes if writes is not None else WriteQueue(self, runner=SynchronousTaskRunner(self))
        )
        self._facts = CallFacts()  # what the call captured, as last read
        self.setObjectName("railPanel")
        self.setAccessibleName(self.tr("Call guide"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._actions = actions
        self._playbook: Playbook | None = None
        self._values: dict[str, str] = {}
        self._commands: dict[str, QAction] = {}
        self._case_id: int | None = None
        self._call_id: int | None = None
        self._state: dict[str, Any] = {}
        self._moved = False
        self._done: list[bool] = []
        self._progress = self._label("railProgress", self.tr("Progress"))
        self._title = self._label("railTitle", self.tr("Current step"))
        font = self._title.font()
        font.setBold(True)
        self._title.setFont(font)
        self._prompt = self._label("railPrompt", self.tr("What to do"))
        self._phrases = self._label("railPhrases", self.tr("Suggested phrases"))
        self._progress.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(3)
        for widget in (self._progress, self._title, self._prompt, self._phrases):
            layout.addWidget(widget)
        # What the call captured changed: re-checked on the next turn of the event loop, once
        # for several notices, and never inside the guide's own write (its record, its moves).
        self._recheck = QTimer(self)
        self._recheck.setSingleShot(True)
        self._recheck.setInterval(0)
        self._recheck.timeout.connect(self.refresh)
        if changes is not None:
            changes.changed.connect(self._on_changes_changed)
        self._render()

    def _on_changes_changed(self, changes: Changes) -> None:
        # Its own state (in the call row) it keeps itself: the facts are entries, issues and
        # the caller's contact method.
        if self._call_id is not None and changes.touches(
            Part.TIMELINE, Part.ISSUES, Part.CLIENTS, case_id=self._case_id
        ):
            self._recheck.start()

    def _label(self, name: str, accessible: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setAccessibleName(accessible)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        label.linkActivated.connect(self._on_link_activated)
        return label

    @property
    def current(self) -> int:
        """Index of the current step."""
        if self._playbook is None:
            return 0
        return self._playbook.step_index(str(self._state.get("current", "")))

    @property
    def current_step(self) -> PlaybookStep | None:
        """The step shown, while a call is followed."""
        if self._playbook is None or self._call_id is None:
            return None
        return self._playbook.steps[self.current]

    @property
    def read_back_title(self) -> str:
        """The title of the guide's read-back step (empty: the guide has none)."""
        steps = self._playbook.steps if self._playbook is not None else ()
        return next((s.title for s in steps if s.done_when is Condition.READ_BACK), "")

    @property
    def done(self) -> list[bool]:
        """Whether each step is done."""
        return list(self._done)

    @property
    def title_text(self) -> str:
        """The current step's heading, as shown."""
        return _plain(self._title.text())

    @property
    def shown_text(self) -> str:
        """Everything the guide shows, as plain text: heading, what to do, phrases."""
        return "\n".join(
            _plain(label.text()) for label in (self._title, self._prompt, self._phrases)
        )

    def set_commands(self, commands: Mapping[str, QAction]) -> None:
        """The window's commands by name: ``{key:NAME}`` shows the key of ``commands[NAME]``."""
        self._commands = dict(commands)
        self._render()

    def key_text(self, name: str) -> str:
        """The key of command *name* as the agent's keyboard names it (empty: none)."""
        return key_text(self._commands.get(name))

    def set_playbook(self, playbook: Playbook, values: dict[str, str]) -> None:
        """Use *playbook*, filling phrases with *values* (agent, company, usual contact…)."""
        self._playbook = playbook
        self._values = dict(values)
        self._render_facts()  # shown at once from what was last read, then checked again
        self.refresh()

    def set_values(self, values: dict[str, str]) -> None:
        """Update the placeholder values (the caller became known, the settings changed)."""
        self._values = dict(values)
        self._render()

    def set_call(self, case_id: int | None, call_id: int | None) -> None:
        """Follow a call (None: no call in progress); its guide state is read, then shown."""
        self._case_id, self._call_id = case_id, call_id
        self._state = {}
        self._moved = False  # whether the agent moved before the stored state arrived
        self._facts = CallFacts()
        self._runner.cancel(("rail-facts", id(self)))
        if call_id is None:
            self._runner.cancel(("rail-state", id(self)))
            self._render_facts()
            return
        self._render()
        load_state = self._actions.load_state
        self._runner.submit(
            lambda: load_state(call_id),
            on_result=lambda state: self._on_state_read(call_id, state),
            on_error=self._on_read_failed,
            key=("rail-state", id(self)),
            owner=self,
        )

    def _on_state_read(self, call_id: int, state: dict[str, Any]) -> None:
        if call_id != self._call_id:
            return
        if self._moved:  # the agent's moves are newer; what was done before is kept too
            done = set(state.get("manual_done", [])) | set(self._state.get("manual_done", []))
            state = {**state, **self._state, "manual_done": sorted(done)}
        self._state = dict(state)
        self.refresh()
        self.step_changed.emit(self.current)

    def _on_read_failed(self, error: CallnotesError) -> None:
        self.problem.emit(str(error))

    def refresh(self) -> None:
        """Re-check which steps are done from what has been captured (read off the GUI thread,
        shown on arrival)."""
        self._recheck.stop()
        call_id = self._call_id
        if self._playbook is None or call_id is None:
            self._render_facts()
            return
        facts = self._actions.facts
        self._runner.submit(
            lambda: facts(call_id),
            on_result=lambda found: self._on_facts_read(call_id, found),
            on_error=self._on_read_failed,
            key=("rail-facts", id(self)),
            owner=self,
        )

    def _on_facts_read(self, call_id: int, facts: CallFacts) -> None:
        if call_id == self._call_id:
            self._facts = facts
            self._render_facts()

    def _render_facts(self) -> None:
        """The steps done by what was captured, as last read; the guide moves on by itself
        when that finished the step shown."""
        if self._playbook is None or self._call_id is None:
            self._done = []
        else:
            facts = self._known_facts()
            current = self.current
            was_done = current < len(self._done) and self._done[current]
            self._done = steps_done(self._playbook, self._rail_state(), facts)
            step = self._playbook.steps[current]
            if (
                not was_done
                and self._done[current]
                and step.done_when not in _BY_KEY
                and current + 1 < len(self._playbook.steps)
                and self._state.get("current") is not None
            ):
                # What was captured just finished the step shown (the client's words, the
                # order agreed, a contact method): the guide moves on by itself.
                self._move(current + 1)
                return
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
            # In line after the notes typed before F4; the guide moves on at once.
            record, case_id, call_id = self._actions.record, self._case_id, self._call_id
            text = self.tr("Asked whether there is anything else.")
            self._writes.put(
                lambda: record(case_id, call_id, text, EntryKind.ACTION),
                on_failed=self._on_write_failed,
            )
            self._state[ANYTHING_ELSE_KEY] = True
        self._move(self._next_open_step(self.current + 1))

    def confirm_read_back(self, said: str) -> None:
        """The client confirmed the recap read back to them: *said* goes on the timeline as what
        the client said, in line after the notes typed before; the read-back step is ticked and,
        when it is the step shown, the guide moves on."""
        if self._playbook is None or self._call_id is None or self._case_id is None:
            return
        record, case_id, call_id = self._actions.record, self._case_id, self._call_id
        self._writes.put(
            lambda: record(case_id, call_id, said, EntryKind.CLIENT_SAID),
            on_failed=self._on_write_failed,
        )
        self._state[READ_BACK_KEY] = True
        step = self._playbook.steps[self.current]
        if step.done_when is Condition.READ_BACK:
            self._move(self._next_open_step(self.current + 1))
        else:
            self._save()
            self._render_facts()

    def _next_open_step(self, index: int) -> int:
        """*index*, or past it while the steps there are already done by what was captured
        (a contact method recorded before its step came up): F4 lands on what is left to do."""
        assert self._playbook is not None
        steps = self._playbook.steps
        last = len(steps) - 1
        while (
            index < last
            and index < len(self._done)
            and self._done[index]
            and steps[index].done_when not in _BY_KEY
        ):
            index += 1
        return min(index, last)

    def previous_step(self) -> None:
        """Go back one step."""
        if self._playbook is not None and self._call_id is not None:
            self._move(max(self.current - 1, 0))

    def missing(self) -> list[str]:
        """What the playbook requires before wrap-up but the call has not captured (as last
        read: see :meth:`read_missing` for a fresh answer)."""
        if self._playbook is None or self._call_id is None:
            return []
        return missing_before_wrap_up(self._playbook, self._known_facts())

    def _known_facts(self) -> CallFacts:
        """What the call captured as last read, with the confirmation of the read-back known
        here before the stored state is read back."""
        facts = self._facts
        if self._state.get(READ_BACK_KEY) and not facts.read_back_confirmed:
            facts = replace(facts, read_back_confirmed=True)
        return facts

    def read_missing(
        self, then: Callable[[list[str]], None], behind: WriteQueue | None = None
    ) -> None:
        """Read what the call captured now, then call *then* with what is still missing;
        *behind* a line of writes, the read waits its turn there (it sees every note put in
        line before it, without the window waiting for them)."""
        call_id, playbook = self._call_id, self._playbook
        if playbook is None or call_id is None:
            then([])
            return
        facts = self._actions.facts

        def on_result(found: CallFacts) -> None:
            if call_id == self._call_id:
                self._facts = found
                self._render_facts()
            then(missing_before_wrap_up(playbook, found))

        def on_error(error: CallnotesError) -> None:
            self.problem.emit(str(error))
            then([])

        if behind is not None:

            def failed(error: CallnotesError) -> None:  # a passing failure is tried again
                if is_refusal(error):
                    on_error(error)
                else:
                    self.problem.emit(str(error))

            behind.put(lambda: facts(call_id), on_done=on_result, on_failed=failed)
            return
        self._runner.submit(
            lambda: facts(call_id), on_result=on_result, on_error=on_error, owner=self
        )

    def record_wrapped_up_anyway(self) -> None:
        """Note in the rail state that the agent chose to wrap up with items missing."""
        self._state["wrapped_up_anyway"] = True
        self._save()

    def _move(self, index: int) -> None:
        assert self._playbook is not None
        self._moved = True
        self._state["playbook"] = self._playbook.id
        self._state["current"] = self._playbook.steps[index].id
        self._save()
        self._render_facts()
        self.step_changed.emit(index)

    def _save(self) -> None:
        call_id = self._call_id
        if call_id is None:
            return
        # In line: the state saved as the agent moves lands in the order moved, the last one
        # waiting replacing those before it.
        save_state, state = self._actions.save_state, dict(self._state)
        self._writes.put(
            lambda: save_state(call_id, state),
            on_failed=self._on_write_failed,
            merge=("rail-state", call_id),
        )

    def _on_write_failed(self, error: CallnotesError) -> None:
        self.problem.emit(str(error))

    def _rail_state(self) -> RailState:
        return RailState(
            current=self.current,
            manual_done=frozenset(self._state.get("manual_done", [])),
            wrapped_up_anyway=bool(self._state.get("wrapped_up_anyway")),
        )

    def _render(self) -> None:
        if self._playbook is None or self._call_id is None:
            self._progress.setText("")
            self._title.setText(html.escape(self.tr("No call in progress")))
            key = self.key_text("new_call")
            self._prompt.setText(
                html.escape(
                    self.tr("Press {key} to start a call; the guide follows it.").format(key=key)
                    if key
                    else self.tr("Start a call from the Call menu; the guide follows it.")
                )
            )
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
        values = self._all_values()
        wording = steps[current].worded(situations_of(self._values))
        heading = html.escape(
            self.tr("Step {n} of {total}: ").format(n=current + 1, total=len(steps))
        )
        self._title.setText(heading + self._html(wording.title, values))
        self._prompt.setText(self._html(wording.prompt, values))
        self._phrases.setText(
            "".join(
                f"<div style='margin-top:2px'>“<i>{self._html(p, values)}</i>”</div>"
                for p in wording.phrases
            )
        )

    def _all_values(self) -> dict[str, str]:
        keys = {f"{KEY_PREFIX}{name}": self.key_text(name) for name in self._commands}
        return {**{k: v for k, v in keys.items() if v}, **self._values}

    def _html(self, template: str, values: Mapping[str, str]) -> str:
        """*template* filled in; what is missing is said in words, set apart, with a link."""
        out = []
        parts = pieces(template, values)
        for n, piece in enumerate(parts):
            if isinstance(piece, str):
                out.append(html.escape(piece))
                continue
            words, command = self._gap_words(piece)
            before = parts[n - 1] if n > 0 else ""
            after = parts[n + 1] if n + 1 < len(parts) else ""
            in_brackets = (
                isinstance(before, str)
                and before.endswith("(")
                and isinstance(after, str)
                and after.startswith(")")
            )
            words = words if in_brackets else f"({words})"  # set apart once, not "((…))"
            text = f"<span style='{_GAP_STYLE}'>{html.escape(words)}</span>"
            target = _LINK_TARGETS.get(piece.name, command)
            target = target if target in self._commands else command
            if target in self._commands:
                text = f"<a href='{_LINK}{target}'>{text}</a>"
            out.append(text)
        return "".join(out)

    def _gap_words(self, gap: Gap) -> tuple[str, str]:
        """What is missing, in words, and the command that fills it in (if any)."""
        if gap.key:
            action = self._commands.get(gap.key)
            if action is None:
                return self.tr("no command called “{name}”").format(name=gap.key), ""
            name = action.text().replace("&", "").rstrip("…").strip()
            return self.tr("“{command}” in the menus").format(command=name), gap.key
        command = _FILLED_BY.get(gap.name, "")
        key = self.key_text(command)
        # (with the key that fills it in, without a key)
        wordings = {
            "usual_contact": (
                self.tr("no usual contact set — {key} to choose one"),
                self.tr("no usual contact set — choose one on the client card"),
            ),
            "caller": (
                self.tr("the caller's name is not known yet — {key} to add it"),
                self.tr("the caller's name is not known yet — add it on the client card"),
            ),
            "client": (
                self.tr("the client's name is not known yet — {key} to add it"),
                self.tr("the client's name is not known yet"),
            ),
            "company": (
                self.tr("your company's name is not set — set it in Settings with {key}"),
                self.tr("your company's name is not set — set it in Settings"),
            ),
            "agent": (
                self.tr("your name is not set — set it in Settings with {key}"),
                self.tr("your name is not set — set it in Settings"),
            ),
            "away_reason": (
                self.tr("no reason recorded — {key} opens the team directory"),
                self.tr("no reason recorded in the team directory"),
            ),
            "away_until": (
                self.tr("return time not recorded — {key} opens the team directory"),
                self.tr("return time not recorded in the team directory"),
            ),
        }
        wording = wordings.get(gap.name)
        if wording is None:
            return self.tr("“{name}” is not something the guide knows").format(name=gap.name), ""
        with_key, without_key = wording
        return (with_key.format(key=key) if key else without_key), command

    def _on_link_activated(self, link: str) -> None:
        action = self._commands.get(link.removeprefix(_LINK)) if link.startswith(_LINK) else None
        if action is not None and action.isEnabled():
            action.trigger()


def _plain(rich: str) -> str:
    document = QTextDocument()
    document.setHtml(rich)
    return document.toPlainText()
