"""Finding the call playbooks: the built-in ones and the user's own."""

from __future__ import annotations

from pathlib import Path

from callnotes.domain.playbooks import Playbook, PlaybookError, parse_playbook

DEFAULT_PLAYBOOK = "escalation-call"


class PlaybookLibrary:
    """Reads ``*.toml`` playbooks; a user file with a built-in's id replaces it."""

    def __init__(self, builtin_dir: Path, user_dir: Path) -> None:
        self._folders = [builtin_dir, user_dir]
        self.problems: list[str] = []

    def playbooks(self) -> list[Playbook]:
        """Every usable playbook; unusable files are listed in ``problems``."""
        found: dict[str, Playbook] = {}
        self.problems = []
        for folder in self._folders:
            if not folder.is_dir():
                continue
            for path in sorted(folder.glob("*.toml")):
                try:
                    playbook = parse_playbook(path.read_text(encoding="utf-8"), path.name)
                except (OSError, UnicodeDecodeError) as exc:
                    self.problems.append(f"{path.name}: cannot be read ({exc}).")
                    continue
                except PlaybookError as exc:
                    self.problems.append(str(exc))
                    continue
                found[playbook.id] = playbook
        return sorted(found.values(), key=lambda p: (p.id != DEFAULT_PLAYBOOK, p.name))

    def get(self, playbook_id: str | None = None) -> Playbook:
        """The playbook with *playbook_id*, else the default escalation call."""
        playbooks = self.playbooks()
        if not playbooks:
            raise PlaybookError("No call playbook could be read: " + " ".join(self.problems))
        by_id = {p.id: p for p in playbooks}
        return by_id.get(playbook_id or DEFAULT_PLAYBOOK) or playbooks[0]
