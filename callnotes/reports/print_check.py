"""What a printed document cannot carry, named by character and script, in plain sentences.

The PDF exporter (``callnotes.reports.pdf``) finds the characters no font covers; this module,
plain Python, names them by script and adds what Qt's PDF writer is known to leave out of a
PDF's text (the layer a viewer searches and copies from), though it prints it:

- characters beyond the Basic Multilingual Plane, emoji among them: their glyphs print, but
  the writer maps glyphs back to text only for characters up to U+FFFF;
- scripts shaped into conjuncts and reordered vowel signs (Devanagari and the other Indic
  scripts, Sinhala, Tibetan, Myanmar, Khmer): the glyphs that stand for several letters, or for
  a letter in another place, map back to no text, so the words are only partly there.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# Scripts by the first word(s) of a character's Unicode name; longer names first.
_SCRIPTS = (
    ("CANADIAN SYLLABICS", "Canadian syllabics"),
    ("CJK", "CJK (Chinese, Japanese, Korean)"),
    ("HIRAGANA", "Japanese kana"),
    ("KATAKANA", "Japanese kana"),
    ("HANGUL", "Korean (Hangul)"),
    ("BOPOMOFO", "Bopomofo"),
    ("IDEOGRAPHIC", "CJK (Chinese, Japanese, Korean)"),
    ("COMBINING", "combining marks"),
    *(
        (word.upper(), word)
        for word in [
            "Latin",
            "Greek",
            "Cyrillic",
            "Armenian",
            "Hebrew",
            "Arabic",
            "Syriac",
            "Thaana",
            "NKo",
            "Samaritan",
            "Devanagari",
            "Bengali",
            "Gurmukhi",
            "Gujarati",
            "Oriya",
            "Tamil",
            "Telugu",
            "Kannada",
            "Malayalam",
            "Sinhala",
            "Thai",
            "Lao",
            "Tibetan",
            "Myanmar",
            "Georgian",
            "Ethiopic",
            "Cherokee",
            "Ogham",
            "Runic",
            "Tagalog",
            "Khmer",
            "Mongolian",
            "Limbu",
            "Buginese",
            "Balinese",
            "Sundanese",
            "Javanese",
            "Cham",
            "Vai",
            "Yi",
            "Lisu",
            "Tifinagh",
            "Coptic",
            "Glagolitic",
        ]
    ),
)
# Code point ranges of the scripts whose words Qt's PDF writer keeps only in part (see above).
_SHAPED_RANGES = (
    (0x0900, 0x0DFF, "Indic"),  # Devanagari … Sinhala
    (0x0F00, 0x0FFF, "Tibetan"),
    (0x1000, 0x109F, "Myanmar"),
    (0x1780, 0x17FF, "Khmer"),
    (0xA8E0, 0xA8FF, "Devanagari"),
)
_EMOJI_RANGES = ((0x2600, 0x27BF), (0x1F000, 0x1FAFF))
_SHOWN_PER_SCRIPT = 24
_SHOWN_WORDS = 12
_PUNCTUATION = ".,;:!?()[]\"'«»“”।"


def needs_a_glyph(char: str) -> bool:
    """Whether *char* is drawn: not a control, format character, space or variation selector."""
    code = ord(char)
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or code == 0xFFFC:
        return False  # variation selectors; the stand-in for an image
    return unicodedata.category(char)[0] not in "CZ"


def script_name(char: str) -> str:
    """The script of *char* as a reader would name it: "Devanagari", "emoji", "symbols"…"""
    name = unicodedata.name(char, "")
    for prefix, script in _SCRIPTS:
        if name == prefix or name.startswith(prefix + " ") or name.startswith(prefix + "-"):
            return script
    code = ord(char)
    if any(low <= code <= high for low, high in _EMOJI_RANGES):
        return "emoji"
    category = unicodedata.category(char)
    if category[0] == "S":
        return "symbols"
    if category[0] in "NP":
        return "punctuation and digits"
    return "other characters"


@dataclass(frozen=True)
class PrintCheck:
    """What one document's PDF or print leaves out, as found before painting it."""

    #: Characters no font has: they print as empty boxes and are missing from the PDF's text.
    missing: str = ""
    #: Characters that print but are not in the PDF's text (beyond U+FFFF: emoji and the like).
    untexted: str = ""
    #: Words that print but whose letters are only partly in the PDF's text.
    partial_words: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        """Whether every character prints (the text layer aside)."""
        return not self.missing

    def sentences(self) -> tuple[str, ...]:
        """One sentence for each kind of loss, naming the characters and their scripts."""
        found: list[str] = []
        if self.missing:
            scripts = _by_script(self.missing)
            boxes = (
                "it prints as an empty box and is"
                if len(self.missing) == 1
                else "they print as empty boxes and are"
            )
            found.append(
                f"No font on this computer has {_count(self.missing)} of this document, so "
                f"{boxes} missing from the PDF's text: {_listed(scripts)}. Install a font for "
                f"{_and(list(scripts))} (a Noto font, say) and make the document again."
            )
        if self.untexted:
            found.append(
                f"{_count(self.untexted).capitalize()} "
                + ("prints but is" if len(self.untexted) == 1 else "print but are")
                + " not in the PDF's text, so a search or a copy from the PDF will not find "
                + ("it: " if len(self.untexted) == 1 else "them: ")
                + f"{_listed(_by_script(self.untexted))}."
            )
        if self.partial_words:
            shown = self.partial_words[:_SHOWN_WORDS]
            more = len(self.partial_words) - len(shown)
            names = _and(list(dict.fromkeys(script_name(_shaped(w)) for w in shown)))
            found.append(
                f"The {names} words print, but the PDF's text holds their letters only in "
                f"part, so a search or a copy from the PDF may miss them: {', '.join(shown)}"
                + (f" and {more} more." if more else ".")
            )
        return tuple(found)


def check_text(text: str, missing: Iterable[str]) -> PrintCheck:
    """The check of *text* given the characters no font has (in any order)."""
    lost = set(missing)
    untexted = dict.fromkeys(c for c in text if ord(c) > 0xFFFF and c not in lost)
    untexted = {c: None for c in untexted if needs_a_glyph(c)}
    words = dict.fromkeys(
        word
        for word in re.findall(r"\S+", text)
        if any(_is_shaped(c) and c not in lost for c in word)
    )
    return PrintCheck(
        missing="".join(c for c in dict.fromkeys(text) if c in lost),
        untexted="".join(untexted),
        partial_words=tuple(w for w in (w.strip(_PUNCTUATION) for w in words) if w),
    )


def _is_shaped(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high, _ in _SHAPED_RANGES)


def _shaped(word: str) -> str:
    return next(c for c in word if _is_shaped(c))


def _by_script(chars: str) -> dict[str, list[str]]:
    scripts: dict[str, list[str]] = {}
    for char in chars:
        scripts.setdefault(script_name(char), []).append(char)
    return scripts


def _listed(scripts: dict[str, list[str]]) -> str:
    parts = []
    for script, chars in scripts.items():
        shown = " ".join(chars[:_SHOWN_PER_SCRIPT])
        more = len(chars) - _SHOWN_PER_SCRIPT
        parts.append(f"{script} {shown}" + (f" and {more} more" if more > 0 else ""))
    return "; ".join(parts)


def _count(chars: str) -> str:
    return "one character" if len(chars) == 1 else f"{len(chars)} characters"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
