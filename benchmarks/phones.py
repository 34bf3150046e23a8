"""Unique, deterministic North American phone numbers for generated contacts and callers."""

from __future__ import annotations

import random

_AREA_CODES = (201, 212, 305, 312, 415, 512, 617, 702, 808, 917, 303, 404)
_LOCAL_SPAN = 8_000_000  # local numbers 200-0000 … 999-9999


class NumberPlan:
    """Maps an index to a distinct E.164 number; different indexes never share a number.

    ``local = (index * step + offset) mod span`` is a bijection on ``span`` because *step* is
    coprime with it, and the area code is chosen by the quotient, so numbers stay unique for
    ``len(_AREA_CODES) * span`` indexes.
    """

    def __init__(self, seed: int) -> None:
        rng = random.Random(f"{seed}-phones")
        step = rng.randrange(1_000_001, _LOCAL_SPAN, 2)
        while step % 5 == 0:
            step += 2
        self._step = step
        self._offset = rng.randrange(_LOCAL_SPAN)

    def e164(self, index: int) -> str:
        """The number for *index* in E.164 (``+12015550123``)."""
        area, local = self._parts(index)
        return f"+1{area}{local}"

    def national(self, index: int) -> str:
        """The same number the way a softphone shows it: ``(201) 555-0123``."""
        area, local = self._parts(index)
        return f"({area}) {local[:3]}-{local[3:]}"

    def _parts(self, index: int) -> tuple[int, str]:
        block, position = divmod(index, _LOCAL_SPAN)
        area = _AREA_CODES[block % len(_AREA_CODES)]
        local = 2_000_000 + (position * self._step + self._offset) % _LOCAL_SPAN
        return area, str(local)
