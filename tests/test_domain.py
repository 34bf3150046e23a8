"""Domain rules: priority matrix, text cleaning, phone numbers, time handling."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from callnotes.domain.issues import Impact, Urgency, suggested_priority
from callnotes.domain.phones import normalise_number
from callnotes.domain.text import clean_text, single_line
from callnotes.domain.timestamps import parse_iso, require_aware, to_iso

MATRIX = {
    (Impact.WHOLE_BUSINESS, Urgency.CRITICAL): 1,
    (Impact.WHOLE_BUSINESS, Urgency.HIGH): 2,
    (Impact.WHOLE_BUSINESS, Urgency.MEDIUM): 3,
    (Impact.WHOLE_BUSINESS, Urgency.LOW): 4,
    (Impact.DEPARTMENT, Urgency.CRITICAL): 2,
    (Impact.DEPARTMENT, Urgency.HIGH): 3,
    (Impact.DEPARTMENT, Urgency.MEDIUM): 4,
    (Impact.DEPARTMENT, Urgency.LOW): 5,
    (Impact.FEW_USERS, Urgency.CRITICAL): 3,
    (Impact.FEW_USERS, Urgency.HIGH): 4,
    (Impact.FEW_USERS, Urgency.MEDIUM): 5,
    (Impact.FEW_USERS, Urgency.LOW): 5,
    (Impact.ONE_USER, Urgency.CRITICAL): 4,
    (Impact.ONE_USER, Urgency.HIGH): 5,
    (Impact.ONE_USER, Urgency.MEDIUM): 5,
    (Impact.ONE_USER, Urgency.LOW): 5,
}


@pytest.mark.parametrize(("impact", "urgency"), list(MATRIX))
def test_every_cell_of_the_priority_matrix(impact: Impact, urgency: Urgency) -> None:
    assert suggested_priority(impact, urgency) == MATRIX[impact, urgency]


def test_business_critical_raises_priority_but_never_above_p1() -> None:
    assert suggested_priority(Impact.DEPARTMENT, Urgency.HIGH, business_critical=True) == 2
    assert suggested_priority(Impact.WHOLE_BUSINESS, Urgency.CRITICAL, business_critical=True) == 1


def test_priority_unknown_until_impact_and_urgency_are_known() -> None:
    assert suggested_priority(None, Urgency.HIGH) is None
    assert suggested_priority(Impact.ONE_USER, None) is None


def test_clean_text_removes_nul_escapes_and_lone_surrogates() -> None:
    result = clean_text("ok\x00 \x1b[31mred\x1b[0m \ud800end")
    assert result.text == "ok red \ufffdend"
    assert result.changed


@pytest.mark.parametrize(
    "text",
    [
        "👩‍👩‍👧‍👦 family",  # emoji with zero-width joiners
        "مرحبا بالعالم",  # right-to-left
        "e\u0301le\u0300ve",  # combining marks, deliberately not normalised
        "tab\tand\nnewline",
    ],
)
def test_clean_text_keeps_real_text_unchanged(text: str) -> None:
    result = clean_text(text)
    assert result.text == text
    assert not result.changed


@given(st.text())
def test_clean_text_output_is_always_storable(text: str) -> None:
    cleaned = clean_text(text).text
    cleaned.encode("utf-8")  # no lone surrogates left
    assert "\x00" not in cleaned
    assert "\x1b" not in cleaned


def test_single_line_collapses_whitespace_and_caps_length() -> None:
    assert single_line("  a \n b\t c ") == "a b c"
    assert len(single_line("x" * 1000, max_chars=10)) == 10


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("030 1234567", "DE", "+49301234567"),
        ("+49 (30) 123-4567", "US", "+49301234567"),
        ("+1 201-555-0123", "DE", "+12015550123"),
        ("(201) 555-0123", "US", "+12015550123"),
        ("abc", "DE", None),
        ("12", "DE", None),
        ("0301234567; rm -rf /", "DE", None),
        ("1" * 80, "DE", None),
        ("", "DE", None),
    ],
)
def test_normalise_number(raw: str, region: str, expected: str | None) -> None:
    assert normalise_number(raw, region) == expected


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        require_aware(datetime(2026, 1, 1, 12, 0))


def test_aware_datetimes_are_converted_to_utc() -> None:
    plus_two = timezone(timedelta(hours=2))
    assert require_aware(datetime(2026, 1, 1, 12, 0, tzinfo=plus_two)) == datetime(
        2026, 1, 1, 10, 0, tzinfo=UTC
    )


def test_iso_round_trip_requires_an_offset() -> None:
    moment = datetime(2026, 3, 29, 0, 59, 59, 123456, tzinfo=UTC)
    assert parse_iso(to_iso(moment)) == moment
    with pytest.raises(ValueError):
        parse_iso("2026-03-29T01:00:00")
