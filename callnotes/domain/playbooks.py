"""Call playbooks: the steps of the guided call rail, read from TOML files."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Condition(StrEnum):
    """What has to have been captured for a step (or a wrap-up) to count as done."""

    MANUAL = "manual"
    NOTE_TAKEN = "note_taken"
    CLIENT_SAID = "client_said"
    ISSUES_CLARIFIED = "issues_clarified"
    ORDER_AGREED = "order_agreed"
    CONTACT_METHOD = "contact_method"
    ANYTHING_ELSE = "anything_else"


class Answer(StrEnum):
    """What the agent records at a step, beyond ticking it off (the follow-up call's answers)."""

    NONE = "none"
    CRITERION = "criterion"  # confirmed, or what is still wrong
    SATISFACTION = "satisfaction"
    REASSURANCE = "reassurance"


#: ``for_each`` values: a step written once and repeated for every item of the case.
REPEATS = ("criterion",)
PLACEHOLDERS = ("agent", "company", "client", "caller", "usual_contact", "away_reason")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


class PlaybookError(ValueError):
    """A playbook file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class PlaybookStep:
    """One step of the rail."""

    id: str
    title: str
    prompt: str
    phrases: tuple[str, ...]
    done_when: Condition
    # "criterion": one step per "what fixed looks like" line of the case's issues (follow-up).
    for_each: str = ""
    records: Answer = Answer.NONE


@dataclass(frozen=True)
class Playbook:
    """A named sequence of steps and what wrapping up requires."""

    id: str
    name: str
    description: str
    steps: tuple[PlaybookStep, ...]
    wrap_up_requires: tuple[Condition, ...]

    def step_index(self, step_id: str) -> int:
        """Position of a step; 0 when the id is unknown (a playbook edited since)."""
        for n, step in enumerate(self.steps):
            if step.id == step_id:
                return n
        return 0


def parse_playbook(text: str, source: str) -> Playbook:
    """Read a playbook from TOML text; *source* names it in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PlaybookError(f"{source}: not valid TOML ({exc}).") from exc
    steps_data = data.get("steps")
    if not isinstance(steps_data, list) or not steps_data:
        raise PlaybookError(f"{source}: a playbook needs at least one [[steps]] table.")
    steps = tuple(_step(item, f"{source}, step {n}") for n, item in enumerate(steps_data, 1))
    if len({s.id for s in steps}) != len(steps):
        raise PlaybookError(f"{source}: two steps share an id.")
    return Playbook(
        id=_text(data, "id", source),
        name=_text(data, "name", source),
        description=str(data.get("description", "")),
        steps=steps,
        wrap_up_requires=tuple(_condition(c, source) for c in data.get("wrap_up_requires", [])),
    )


def fill(template: str, values: dict[str, str]) -> str:
    """Replace ``{placeholder}`` with its value; unknown or empty ones stay as written."""

    def replace(match: re.Match[str]) -> str:
        return values.get(match.group(1)) or match.group(0)

    return _PLACEHOLDER.sub(replace, template)


def _step(item: Any, where: str) -> PlaybookStep:
    if not isinstance(item, dict):
        raise PlaybookError(f"{where}: expected a table.")
    phrases = item.get("phrases", [])
    if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
        raise PlaybookError(f"{where}: phrases must be a list of strings.")
    return PlaybookStep(
        id=_text(item, "id", where),
        title=_text(item, "title", where),
        prompt=str(item.get("prompt", "")),
        phrases=tuple(phrases),
        done_when=_condition(item.get("done_when", "manual"), where),
        for_each=_repeat(item.get("for_each", ""), where),
        records=_answer(item.get("records", "none"), where),
    )


def _text(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise PlaybookError(f"{where}: {key!r} must be a non-empty string.")
    return value


def _condition(value: Any, where: str) -> Condition:
    try:
        return Condition(value)
    except ValueError as exc:
        options = ", ".join(c.value for c in Condition)
        raise PlaybookError(f"{where}: unknown condition {value!r} (one of {options}).") from exc


def _repeat(value: Any, where: str) -> str:
    if value == "" or value in REPEATS:
        return str(value)
    raise PlaybookError(f"{where}: for_each must be one of {', '.join(REPEATS)}.")


def _answer(value: Any, where: str) -> Answer:
    try:
        return Answer(value)
    except ValueError as exc:
        options = ", ".join(a.value for a in Answer)
        raise PlaybookError(f"{where}: unknown answer {value!r} (one of {options}).") from exc
