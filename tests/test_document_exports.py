"""Calendar files, a reviewed case, the user's own templates, next steps and the filters."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from icalendar import Calendar

from callnotes.app import AppContext, open_context
from callnotes.domain.timeline import EntryKind
from callnotes.errors import InvalidInputError
from callnotes.reports import environment
from callnotes.reports.filters import cadence, duration, make_filters, markdown_escape
from callnotes.reports.next_steps import next_steps
from tests.conftest import FakeClock


@pytest.fixture
def demo(ctx: AppContext) -> int:
    return ctx.demo.load_demo()


# --- the calendar file -----------------------------------------------------------------


def test_calendar_event_for_the_next_promised_update(ctx: AppContext, demo: int) -> None:
    data = ctx.documents.export(ctx.documents.build(demo, "status"), "ics")
    lines = data.split(b"\r\n")
    assert data.count(b"\n") == data.count(b"\r\n"), "every line ends with CRLF"
    assert all(len(line) <= 75 for line in lines), "long lines are folded"
    assert b"END:VALARM\r\nEND:VEVENT\r\n" in data, "the alarm is the VEVENT's last part"
    [event] = Calendar.from_ical(data).walk("VEVENT")
    due = ctx.reports.context(demo).next_update_at
    assert event.decoded("dtstart") == due and due is not None
    assert b"DTSTART:" + due.strftime("%Y%m%dT%H%M%SZ").encode() in data, "times are UTC"
    assert "Dana Whitfield" in str(event["summary"])
    assert "+44 20 7946 0321" in str(event["location"])
    [alarm] = event.walk("VALARM")
    assert alarm.decoded("trigger") == -timedelta(minutes=10)
    assert str(alarm["action"]) == "DISPLAY"


def test_no_calendar_event_without_a_promised_update(ctx: AppContext) -> None:
    client = ctx.clients.create_client("Harbour Dental Group", timezone="Europe/London")
    case = ctx.cases.open_case(client.id, "Appointment reminders sent twice")
    document = ctx.documents.build(case.id, "status")
    assert document.next_update is None
    with pytest.raises(InvalidInputError, match="no next update promised"):
        ctx.documents.export(document, "ics")


# --- a case that was fixed and reviewed --------------------------------------------------


@pytest.fixture
def reviewed(ctx: AppContext, demo: int, tmp_path: Path) -> Iterator[AppContext]:
    """The demo case a day later, imported into its own data folder: fixed and reviewed."""
    data = json.loads(ctx.exporter.export_case_text(demo))
    case = data["case"]
    opened = datetime.fromisoformat(case["opened_at"].replace("Z", "+00:00"))

    def at(minutes: int) -> str:
        return (opened + timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z")

    labels, drivers, vat = case["issues"]
    case.update(status="resolved", closed_at=at(26 * 60), next_update_due_at=None)
    labels.update(status="confirmed", eta=at(330), root_cause="Driver 5.2 changed the paper size.")
    drivers.update(status="resolved")
    vat.update(status="fix_in_progress", roadblocks="Waiting for the tax team's VAT codes.")
    case["commitments"][0]["state"] = "done"
    case["handed_over_to"] = data["client"]["usual_contact"]
    case.update(handed_over_at=at(360), handback_acknowledged_at=at(370))
    case["communications"] = [
        {
            "uid": "c1" * 16, "at": at(145), "audience": "client", "channel": "phone",
            "kind": "cause_identified", "summary": "Cause found: last night's driver update.",
            "next_update_at": None,
        },
        {
            "uid": "c2" * 16, "at": at(150), "audience": "team", "channel": "chat",
            "kind": "plan", "summary": "Team-only: roll back the driver on all stations.",
            "next_update_at": None,
        },
    ]  # fmt: skip
    case["review"] = {
        "uid": "e1" * 16,
        "root_cause": "An unannounced printer driver update changed the default paper size.",
        "contributing_factors": "Driver updates are not tested on label printers.",
        "client_noticed_at": at(-180),
        "detected_at": at(0),
        "detection_gap_reason": "No alert on failed print jobs.",
        "recurrence": "recurring",
        "satisfaction": "Dana is satisfied; asked for a heads-up before driver updates.",
        "prevention_actions": [
            {"text": "Alert on failed print jobs", "owner": "Marco Rossi",
             "due_at": at(7 * 24 * 60), "done": False},
        ],
    }  # fmt: skip
    other = open_context(str(tmp_path / "reviewed"), clock=FakeClock(opened + timedelta(days=1)))
    other.importer.import_case(data)
    yield other
    other.close()


def test_the_review_of_a_reviewed_case(reviewed: AppContext) -> None:
    text = reviewed.documents.build(1, "review").text
    assert "DRAFT" not in text
    assert "An unannounced printer driver update changed the default paper size." in text
    assert "Contributing factors: Driver updates are not tested on label printers." in text
    assert "Detection gap:   3 h 00 min\n" in text, "from the review, not derived"
    assert "No alert on failed print jobs." in text
    assert "Recurring: this has happened before." in text
    assert "[ ] Alert on failed print jobs (Marco Rossi, due" in text
    assert "Dana is satisfied" in text
    assert "(open for 1 d 2 h)" in text


def test_the_status_report_of_a_reviewed_case(reviewed: AppContext) -> None:
    document = reviewed.documents.build(1, "status")
    assert "Fixed (confirmed by you)" in document.text
    assert "Fixed, waiting for your confirmation" in document.text
    assert "Waiting for the tax team's VAT codes." in document.text
    assert "Cause:         Driver 5.2 changed the paper size." in document.text
    assert "Cause found: last night's driver update." in document.text
    assert "Team-only" not in document.text + document.html + document.markdown
    assert document.next_update is None


def test_the_handover_of_a_reviewed_case(reviewed: AppContext) -> None:
    text = reviewed.documents.build(1, "handover").text
    assert "Handed over to Priya Shah on" in text and ", acknowledged" in text
    assert "Team-only: roll back the driver on all stations." in text
    assert "Ask Dana Whitfield to confirm issue 2 is fixed for them." in text
    assert "read this handover, acknowledge it" not in text


# --- the user's own templates -----------------------------------------------------------


def test_copy_a_built_in_template_then_use_it(ctx: AppContext, demo: int) -> None:
    names = [t.name for t in ctx.documents.templates()]
    assert names[:3] == ["status.html", "status.md", "status.txt"]
    assert "_document.html" in names
    described = {t.name: t.description for t in ctx.documents.templates()}
    assert described["_document.html"] == "Page layout of every HTML document"
    # Each shared part says what it is (the chart's read as the page layout too).
    assert described["_case_chart.html"].startswith("The case over time")
    copied = ctx.documents.copy_template("status.txt")
    assert copied == ctx.paths.templates_dir / "status.txt"
    copied.write_text("Our own status for {{ r.client.name }}\n", encoding="utf-8")
    document = ctx.documents.build(demo, "status")
    assert document.text == "Our own status for Northwind Logistics\n"
    assert document.problems == ()
    assert [t.name for t in ctx.documents.templates() if t.overridden] == ["status.txt"]
    with pytest.raises(InvalidInputError, match=r"already have your own status\.txt"):
        ctx.documents.copy_template("status.txt")
    assert copied.read_text(encoding="utf-8").startswith("Our own status")
    for bad in ("nothing.html", "../settings.json", "templates/status.txt"):
        with pytest.raises(InvalidInputError, match="no built-in template"):
            ctx.documents.copy_template(bad)


def test_a_user_layout_applies_to_the_built_in_documents(ctx: AppContext, demo: int) -> None:
    folder = ctx.paths.templates_dir
    folder.mkdir(parents=True)
    (folder / "_document.html").write_text(
        "<html><body><p>OUR LETTERHEAD</p>{% block content %}{% endblock %}</body></html>",
        encoding="utf-8",
    )
    html = ctx.documents.build(demo, "status").html
    assert "OUR LETTERHEAD" in html
    assert "Delivery labels do not print in the warehouse" in html


@pytest.mark.parametrize(
    ("name", "source", "expected"),
    [
        ("status.md", "# fine\n{% if %}\n", "status.md, line 2"),
        ("status.txt", "one\ntwo {{ r.no_such_fact }}\n", "status.txt, line 2"),
        ("_document.html", "{{ r.case.nope }}", "_document.html, line 1"),
        ("status.txt", "{{ r.__class__.__mro__ }}", "unsafe"),
        ("status.txt", "{{ cycler.__init__.__globals__.os }}", "unsafe"),
        ("status.txt", "{% set _ = r.issues.append(1) %}", "there is no field “append” on a tuple"),
        ("status.txt", "{% for i in range(10**9) %}x{% endfor %}", "range longer than"),
        ("status.txt", "{{ 'x' * 10**9 }}", "repetition that large"),
        ("status.txt", "{{ lipsum(10**6) }}", "'lipsum' is undefined"),
    ],
)
def test_a_broken_or_hostile_user_template_falls_back_with_a_message(
    ctx: AppContext, demo: int, name: str, source: str, expected: str
) -> None:
    folder = ctx.paths.templates_dir
    folder.mkdir(parents=True)
    (folder / name).write_text(source, encoding="utf-8")
    document = ctx.documents.build(demo, "status")
    assert document.text.startswith("STATUS REPORT: Warehouse cannot print delivery labels")
    assert "Delivery labels do not print" in document.html
    [problem] = document.problems
    assert expected in problem
    assert problem.startswith("Your template ") and "the built-in one was used" in problem


def test_a_user_template_that_loops_forever_is_stopped(
    ctx: AppContext, demo: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(environment, "RENDER_SECONDS", 0.2)
    folder = ctx.paths.templates_dir
    folder.mkdir(parents=True)
    (folder / "status.txt").write_text(
        "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
        encoding="utf-8",
    )
    [problem] = ctx.documents.build(demo, "status").problems
    assert "status.txt, line 1 failed (the template ran longer than 0.2 s)" in problem


# --- next steps and filters ---------------------------------------------------------------


def test_next_steps_put_a_late_promise_first(ctx: AppContext, demo: int, clock: FakeClock) -> None:
    # Four hours after the demo's call: the call-back promised for 2 h 25 min after it is late.
    clock.now += timedelta(hours=4)
    steps = next_steps(ctx.reports.context(demo))
    late = [s for s in steps if s.overdue]
    assert list(steps[: len(late)]) == late, "late promises come first"
    assert [s.due_at for s in late] == sorted(s.due_at for s in late)
    assert any(s.text.startswith("Keep the promise: Call Dana back") for s in late)
    assert not any(s.text.endswith(". (Marco Rossi).") for s in steps), "one full stop"
    texts = [s.text for s in steps]
    assert any(t.startswith("Find an owner for issue 2") for t in texts)
    assert any(t.startswith("Agree an ETA with Marco Rossi for issue 1") for t in texts)
    assert texts[-1].startswith("Priya Shah: read this handover")
    assert not any("next update" in t for t in texts), "the call-back is that update"


def test_next_steps_come_in_the_order_they_fall_due(
    ctx: AppContext, demo: int, clock: FakeClock
) -> None:
    # A promise due days away, made while the next update is due within hours: the update
    # comes first (it came after every promise, however far away they were).
    ctx.timeline.add_entry(demo, "Send Dana the corrected VAT invoices", EntryKind.COMMITMENT)
    [made] = [c for c in ctx.commitments.open_commitments(demo) if "VAT" in c.text]
    ctx.commitments.edit(made.id, due_at=clock.now + timedelta(days=3))
    steps = next_steps(ctx.reports.context(demo))
    timed = [s.due_at for s in steps if s.due_at is not None]
    assert timed == sorted(timed)
    assert [s.due_at is None for s in steps] == sorted(s.due_at is None for s in steps)
    assert steps[len(timed) - 1].text.startswith("Keep the promise: Send Dana the corrected VAT")


def test_filters() -> None:
    assert cadence(120) == "every 2 hours"
    assert cadence(60) == "every hour"
    assert cadence(90) == "every 1 h 30 min"
    assert cadence(45) == "every 45 minutes"
    assert cadence(None) == "—"
    assert cadence(24 * 60) == "every day"
    assert cadence(3 * 24 * 60) == "every 3 days"
    assert cadence(7 * 24 * 60) == "every week"
    assert cadence(14 * 24 * 60) == "every 2 weeks"
    assert cadence(25 * 60) == "every 25 hours"
    assert duration(timedelta(days=1, hours=2)) == "1 d 2 h"
    assert duration(timedelta(hours=3)) == "3 h 00 min"
    assert markdown_escape("- a\n12. b\n(c) [d](e)") == "\\- a  \n12\\. b  \n(c) \\[d\\]\\(e\\)"
    london = make_filters("Europe/London")
    friday = datetime(2026, 3, 6, 23, 30, tzinfo=UTC)
    entries = [SimpleNamespace(at=friday + timedelta(hours=h)) for h in (0, 1, 2)]
    assert [len(items) for _, items in london["by_day"](entries)] == [1, 2]
    assert london["when"](friday, friday) == "23:30 GMT"
    assert london["when"](friday + timedelta(hours=1), friday) == "Sat 07 Mar, 00:30 GMT"
    summer = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
    assert london["time"](summer) == "09:00 BST", "the zone in force is shown"
