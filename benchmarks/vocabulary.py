"""Seeded synthetic words, sentences and names for the generated databases."""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence

# The most frequent words of any note: every search for them matches a large share of rows.
FILLER_WORDS = (
    "the", "to", "and", "a", "is", "on", "for", "of", "in", "it", "not", "we", "they", "was",
    "since", "after", "will", "can", "still", "now", "again", "all", "their", "our", "with",
    "from", "this", "that", "before", "until",
)  # fmt: skip

# Words a support agent writes down during a crisis call, roughly most common first.
DOMAIN_WORDS = (
    "client", "said", "call", "update", "issue", "users", "error", "printer", "login",
    "server", "email", "invoice", "labels", "warehouse", "outage", "password", "network",
    "vpn", "backup", "restart", "ticket", "escalated", "manager", "deadline", "urgent",
    "customer", "order", "orders", "shipping", "delivery", "payment", "portal", "database",
    "timeout", "slow", "crash", "crashes", "report", "reports", "export", "import", "sync",
    "mobile", "app", "screen", "frozen", "license", "account", "locked", "reset", "access",
    "permission", "firewall", "certificate", "expired", "dns", "router", "switch", "wifi",
    "laptop", "desktop", "driver", "patch", "rollback", "vendor", "supplier",
    "contract", "billing", "credit", "refund", "duplicate", "missing", "wrong", "failed",
    "failing", "intermittent", "monday", "tuesday", "wednesday", "thursday", "friday",
    "morning", "afternoon", "evening", "tonight", "tomorrow", "yesterday", "weekend",
    "promised", "agreed", "confirmed", "workaround", "fix", "fixed", "cause", "root",
    "monitoring", "resolved", "reopened", "logs", "trace", "stack", "memory", "disk",
    "storage", "quota", "upload", "download", "attachment", "scanner", "barcode", "till",
    "kiosk", "terminal", "receipt", "pricing", "catalogue", "stock", "inventory", "audit",
    "compliance", "gdpr", "security", "phishing", "virus", "malware", "spam", "calendar",
    "meeting", "teams", "zoom", "phone", "headset", "voicemail", "queue", "callback",
    "sla", "breach", "penalty", "director", "finance", "payroll", "hr", "legal", "sales",
    "marketing", "website", "checkout", "cart", "api", "integration", "webhook", "token",
    "migration", "upgrade", "version", "release", "hotfix", "deploy", "staging",
    "production", "latency", "packet", "loss", "bandwidth", "cloud", "tenant", "region",
    "cluster", "node", "cpu", "spike", "alert", "pager", "oncall", "handover", "escalation",
)  # fmt: skip

_ONSETS = ("b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "st")
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ou")
_CODAS = ("", "n", "r", "s", "x", "l", "m", "nt")

FIRST_NAMES = (
    "Ada", "Ben", "Chloe", "Dmitri", "Elif", "Femi", "Grace", "Hiro", "Ines", "Jonas",
    "Kemal", "Lena", "Mateo", "Nadia", "Omar", "Priya", "Quentin", "Rosa", "Sven", "Tara",
    "Uma", "Victor", "Wen", "Ximena", "Yusuf", "Zoe", "Amira", "Bruno", "Carla", "Dev",
)  # fmt: skip
LAST_NAMES = (
    "Okafor", "Schmidt", "Tanaka", "Rossi", "Nguyen", "Kowalski", "Haddad", "Silva",
    "Johansson", "Murphy", "Novak", "Patel", "Garcia", "Müller", "Dubois", "Yilmaz",
    "Kim", "Andersen", "Costa", "Ivanova", "Mensah", "Fischer", "Lopez", "Brennan",
)  # fmt: skip
COMPANY_SUFFIXES = ("Logistics", "Retail", "Health", "Foods", "Legal", "Media", "Energy", "Labs")


def synthetic_words(count: int, seed: int) -> list[str]:
    """*count* distinct pronounceable made-up words (product names, jargon): the long tail."""
    rng = random.Random(seed)
    syllables = [o + v + c for o, v, c in itertools.product(_ONSETS, _VOWELS, _CODAS)]
    seen = set(FILLER_WORDS) | set(DOMAIN_WORDS)
    words: list[str] = []
    while len(words) < count:
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class TextMaker:
    """Sentences whose word frequencies follow Zipf's law, so search behaves as on real notes.

    Words are ranked: filler first, then support vocabulary, then a long synthetic tail.
    """

    def __init__(self, seed: int, tail_words: int = 6000, exponent: float = 1.07) -> None:
        self.ranked: list[str] = [*FILLER_WORDS, *DOMAIN_WORDS, *synthetic_words(tail_words, seed)]
        total = 0.0
        self._cum_weights: list[float] = []
        for rank in range(1, len(self.ranked) + 1):
            total += 1.0 / rank**exponent
            self._cum_weights.append(total)

    def words(self, rng: random.Random, count: int) -> list[str]:
        """*count* words drawn by frequency."""
        return rng.choices(self.ranked, cum_weights=self._cum_weights, k=count)

    def sentence(self, rng: random.Random, low: int, high: int) -> str:
        """A capitalised sentence of *low* to *high* words."""
        text = " ".join(self.words(rng, rng.randint(low, high)))
        return text[:1].upper() + text[1:] + "."

    def title(self, rng: random.Random) -> str:
        """A short issue or case title."""
        return self.sentence(rng, 3, 7).rstrip(".")


def person_name(rng: random.Random) -> str:
    """A first and last name."""
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def company_name(rng: random.Random, words: Sequence[str]) -> str:
    """A made-up company name from the synthetic tail."""
    return f"{rng.choice(words).capitalize()} {rng.choice(COMPANY_SUFFIXES)}"
