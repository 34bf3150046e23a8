"""Call playbooks: the steps of the guided call rail, read from TOML files."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection, Mapping
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
    READ_BACK = "read_back"  # the client confirmed the recap read back to them


class Answer(StrEnum):
    """What the agent records at a step, beyond ticking it off (the follow-up call's answers)."""

    NONE = "none"
    CRITERION = "criterion"  # confirmed, or what is still wrong
    SATISFACTION = "satisfaction"
    REASSURANCE = "reassurance"


class Situation(StrEnum):
    """The call's situation, for a step worded differently in each: who the client's usual
    contact is, and who placed the call.

    A step says what to do on a call the client placed, their usual contact away;
    ``[steps.when.<situation>]`` words it for the other situations.
    """

    NO_USUAL_CONTACT = "no_usual_contact"
    USUAL_CONTACT_AVAILABLE = "usual_contact_available"
    OUTBOUND = "outbound"  # the agent placed the call (a call-back): no "you've called us"


#: The value :func:`situations_of` reads for who placed the call (not a placeholder).
DIRECTION_VALUE = "call_direction"


#: ``for_each`` values: a step written once and repeated for every item of the case.
REPEATS = ("criterion",)
PLACEHOLDERS = (
    "agent",
    "company",
    "client",
    "caller",
    "usual_contact",
    "away_reason",
    "away_until",
)
#: ``{key:edit_card}``: the key of one of the window's commands, as the agent's keyboard names it.
KEY_PREFIX = "key:"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_ANY_PLACEHOLDER = re.compile(r"\{((?:key:)?\w+)\}")


class PlaybookError(ValueError):
    """A playbook file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class StepWording:
    """What a step shows: its heading, what to do, and phrases to say."""

    title: str
    prompt: str
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class Gap:
    """A placeholder with nothing to put in it: the guide says in words what is missing."""

    name: str  # "usual_contact", or "key:edit_card"

    @property
    def key(self) -> str:
        """For ``{key:NAME}``: NAME; otherwise an empty string."""
        return self.name.removeprefix(KEY_PREFIX) if self.name.startswith(KEY_PREFIX) else ""


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
    # Other wordings of the step, the first whose situation holds replacing the step's own.
    when: tuple[tuple[Situation, StepWording], ...] = ()

    def worded(self, situations: Collection[Situation]) -> StepWording:
        """The step's wording in *situations* (see :func:`situations_of`)."""
        for situation, wording in self.when:
            if situation in situations:
                return wording
        return StepWording(self.title, self.prompt, self.phrases)


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
    """Replace ``{placeholder}`` with its value; unknown or empty ones stay as written.

    For filling part of a step ahead of time (a follow-up criterion); what is shown to the
    agent goes through :func:`pieces`, which leaves no placeholder behind.
    """

    def replace(match: re.Match[str]) -> str:
        return values.get(match.group(1)) or match.group(0)

    return _PLACEHOLDER.sub(replace, template)


def pieces(template: str, values: Mapping[str, str]) -> list[str | Gap]:
    """*template* as text and gaps: each ``{name}`` or ``{key:name}`` with a value is filled in,
    every other one becomes a :class:`Gap` for the caller to word (never shown as braces)."""
    parts: list[str | Gap] = []
    at = 0
    for match in _ANY_PLACEHOLDER.finditer(template):
        value = values.get(match.group(1))
        text = template[at : match.start()] + (value or "")
        if text:
            if parts and isinstance(parts[-1], str):
                parts[-1] += text
            else:
                parts.append(text)
        if not value:
            parts.append(Gap(match.group(1)))
        at = match.end()
    rest = template[at:]
    if rest:
        if parts and isinstance(parts[-1], str):
            parts[-1] += rest
        else:
            parts.append(rest)
    return parts


def situations_of(values: Mapping[str, str]) -> frozenset[Situation]:
    """Which situations *values* describe: no usual contact, or one who is not away; a call
    the agent placed (``call_direction`` is ``outbound``).

    The usual contact is away when the values say until when (``away_until``).
    """
    found = set()
    if values.get(DIRECTION_VALUE) == "outbound":
        found.add(Situation.OUTBOUND)
    if not values.get("usual_contact"):
        found.add(Situation.NO_USUAL_CONTACT)
    elif not values.get("away_until"):
        found.add(Situation.USUAL_CONTACT_AVAILABLE)
    return frozenset(found)


def _step(item: Any, where: str) -> PlaybookStep:
    if not isinstance(item, dict):
        raise PlaybookError(f"{where}: expected a table.")
    title = _text(item, "title", where)
    prompt = str(item.get("prompt", ""))
    phrases = _phrases(item.get("phrases", []), where)
    return PlaybookStep(
        id=_text(item, "id", where),
        title=title,
        prompt=prompt,
        phrases=phrases,
        done_when=_condition(item.get("done_when", "manual"), where),
        for_each=_repeat(item.get("for_each", ""), where),
        records=_answer(item.get("records", "none"), where),
        when=_variants(item.get("when", {}), StepWording(title, prompt, phrases), where),
    )


def _phrases(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise PlaybookError(f"{where}: phrases must be a list of strings.")
    return tuple(value)


def _variants(
    value: Any, own: StepWording, where: str
) -> tuple[tuple[Situation, StepWording], ...]:
    """``[steps.when.<situation>]`` tables; what one leaves out is the step's own wording."""
    if not isinstance(value, dict):
        raise PlaybookError(f"{where}: 'when' must be a table of situations.")
    variants = []
    for name, table in value.items():
        try:
            situation = Situation(name)
        except ValueError as exc:
            options = ", ".join(s.value for s in Situation)
            raise PlaybookError(f"{where}: unknown situation {name!r} (one of {options}).") from exc
        if not isinstance(table, dict):
            raise PlaybookError(f"{where}: 'when.{name}' must be a table.")
        title = table.get("title", own.title)
        if not isinstance(title, str) or not title.strip():
            raise PlaybookError(f"{where}: 'when.{name}.title' must be a non-empty string.")
        wording = StepWording(
            title=title,
            prompt=str(table.get("prompt", own.prompt)),
            phrases=_phrases(table.get("phrases", list(own.phrases)), f"{where}, when.{name}"),
        )
        variants.append((situation, wording))
    return tuple(variants)


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
