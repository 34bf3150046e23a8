"""The read-back before hanging up: the recap built from what the call captured, and sent."""

from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

from callnotes.domain.issues import Impact, Urgency
from callnotes.domain.people import ContactMethod
from callnotes.domain.rail import CallFacts, missing_before_wrap_up
from callnotes.domain.read_back import (
    ISSUES_HEADING,
    NEXT_HEADING,
    RecapFacts,
    RecapIssue,
    RecapPromise,
    build_read_back,
)
from callnotes.domain.timeline import EntryKind
from callnotes.services.calls.read_back import recap_html


def paris_case(ctx, email=""):
    """A client in Paris (UTC+1 in March), three issues, the order agreed as 3, 1, 2."""
    client = ctx.clients.create_client("Boulangerie Lefèvre", timezone="Europe/Paris")
    contact = ctx.clients.add_contact(
        client.id, "Claire Lefèvre", phones=["+33 1 42 68 53 00"], email=email,
        preferred_method=ContactMethod.SMS,
    )  # fmt: skip
    case = ctx.cases.open_case(client.id, "Tills and ovens")
    call = ctx.calls.start_call(case.id, number="+33 1 42 68 53 00", contact_id=contact.id)
    add = ctx.issues.add_issue
    tills = add(case.id, "Tills freeze at checkout", impact=Impact.WHOLE_BUSINESS,
                urgency=Urgency.CRITICAL, timeframe="before the lunch rush")  # fmt: skip
    oven = add(case.id, "Oven timer app shows wrong times", impact=Impact.FEW_USERS,
               urgency=Urgency.LOW, timeframe="this week")  # fmt: skip
    cards = add(case.id, "Card payments declined", impact=Impact.WHOLE_BUSINESS,
                urgency=Urgency.CRITICAL, timeframe="today")  # fmt: skip
    ctx.issues.reorder(case.id, [cards.id, tills.id, oven.id])
    ctx.issues.confirm_order(case.id, call_id=call.id)
    # 13:30 UTC is 14:30 in Paris.
    ctx.issues.set_eta(cards.id, datetime(2026, 3, 2, 13, 30, tzinfo=UTC))
    ctx.timeline.add_entry(
        case.id, "Payment provider contacted about the declines", EntryKind.ACTION,
        issue_id=cards.id, for_client=True,
    )  # fmt: skip
    ctx.timeline.add_entry(
        case.id, "Internal: the till vendor's contract lapsed", EntryKind.ACTION,
        issue_id=tills.id,
    )  # fmt: skip
    ctx.plans.save_plan(case.id, cadence_minutes=120, channel=ContactMethod.SMS, call_id=call.id)
    return case, call, (cards, tills, oven)


def test_the_recap_lists_the_issues_in_the_agreed_order_with_the_next_update_in_the_clients_zone(
    ctx,
):
    case, _call, _issues = paris_case(ctx)
    recap = ctx.read_back.read_back(case.id)
    [issues] = [s for s in recap.sections if s.heading == ISSUES_HEADING]
    assert [line.split(" — ")[0] for line in issues.lines] == [
        "1. Card payments declined",
        "2. Tills freeze at checkout",
        "3. Oven timer app shows wrong times",
    ]
    assert "next: Payment provider contacted about the declines" in issues.lines[0]
    assert "expected fixed by today 14:30 CET" in issues.lines[0]  # the client's clock
    assert issues.lines[1].endswith("your timeframe: before the lunch rush")
    [hear] = [s for s in recap.sections if s.heading == NEXT_HEADING]
    due = ctx.plans.plan(case.id).next_update_due_at
    assert due is not None
    paris = due.astimezone(ZoneInfo("Europe/Paris"))
    assert hear.lines[0] == (
        f"Next update today {paris:%H:%M} CET by text message on +33 1 42 68 53 00, "
        "then every 2 h until this is resolved."
    )
    assert recap.zone_note == "Times are Paris time."
    # Nothing kept from the client reaches it.
    assert "contract lapsed" not in recap.text()


def test_the_recap_goes_out_as_plain_text_and_as_an_email_draft(ctx):
    case, _call, _issues = paris_case(ctx, email="claire@lefevre.example")
    text = ctx.read_back.read_back(case.id).text()
    assert text.startswith("Claire Lefèvre, here is what we agreed on the call")
    assert text.index("1. Card payments declined") < text.index("2. Tills freeze")

    draft = ctx.read_back.email_draft(case.id)
    assert draft.recipient is not None
    message = message_from_bytes(draft.eml, policy=policy.default)
    assert message["To"] == "Claire Lefèvre <claire@lefevre.example>"
    assert message["X-Unsent"] == "1"
    assert message["Subject"] == "What we agreed on the call — Boulangerie Lefèvre"
    body = message.get_body(("plain",)).get_content()
    assert "1. Card payments declined" in body and "contract lapsed" not in body
    html = message.get_body(("html",)).get_content()
    assert "<li>2. Tills freeze at checkout — your timeframe: before the lunch rush</li>" in html
    assert not list(message.iter_attachments())


def test_a_recap_without_issues_or_plan_says_so_in_words():
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    recap = build_read_back(7, RecapFacts(client_name="Acme", timezone="Nowhere/Else", now=now))
    assert recap.lines[0] == "No issues recorded yet."
    assert recap.lines[1] == "We will agree a time for the next update with you."
    assert recap.zone_note == "Times are UTC."  # an unreadable zone: UTC, said so


def test_times_on_other_days_name_the_day_in_the_clients_zone():
    now = datetime(2026, 3, 2, 22, 30, tzinfo=UTC)  # 07:30 on the 3rd in Tokyo
    facts = RecapFacts(
        client_name="Kaisha",
        timezone="Asia/Tokyo",
        now=now,
        issues=(RecapIssue(1, "Sync fails", eta=now + timedelta(hours=25)),),
        next_update_at=now + timedelta(hours=2),
    )
    recap = build_read_back(1, facts)
    assert recap.lines[0] == "1. Sync fails — expected fixed by tomorrow 08:30 JST"
    assert recap.lines[1] == "Next update today 09:30 JST."
    assert "<li>1. Sync fails" in recap_html(recap)


def test_the_confirmation_is_what_the_client_said_and_wrap_up_can_ask_for_it():
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    facts = RecapFacts("Acme", "UTC", now, issues=(RecapIssue(1, "A"), RecapIssue(2, "B")))
    assert build_read_back(1, facts).confirmation() == (
        "Confirmed the recap read back to them: 1. A; 2. B. "
        "We will agree a time for the next update with you."
    )
    from callnotes.domain.playbooks import parse_playbook

    playbook = parse_playbook(
        'id = "p"\nname = "P"\nwrap_up_requires = ["read_back"]\n'
        '[[steps]]\nid = "read-back"\ntitle = "Read back"\ndone_when = "read_back"\n',
        "p.toml",
    )
    assert missing_before_wrap_up(playbook, CallFacts()) == ["The read-back was never confirmed."]
    assert missing_before_wrap_up(playbook, CallFacts(read_back_confirmed=True)) == []


def test_the_confirmation_names_the_promises_the_client_heard_in_one_entry():
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    facts = RecapFacts(
        "Acme",
        "Europe/Paris",
        now,
        issues=(RecapIssue(1, "Tills freeze"),),
        next_update_at=now + timedelta(hours=1),
        channel=ContactMethod.PHONE,
        promises=(
            RecapPromise("Call Claire back with the vendor's answer.", now + timedelta(hours=3)),
            RecapPromise("Send the rollback steps", None),
        ),
    )
    said = build_read_back(1, facts).confirmation()
    assert said == (
        "Confirmed the recap read back to them: 1. Tills freeze. "
        "Next update today 11:00 CET by phone. "
        "We promised: Call Claire back with the vendor's answer (by today 13:00 CET); "
        "Send the rollback steps."
    )
    assert "\n" not in said  # one entry, read as one paragraph in the minutes
