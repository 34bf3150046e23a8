"""When a client is closed beyond their weekly hours: their public holidays and closures.

Public holidays come from the ``holidays`` package (a maintained calendar of about 150
countries and their subdivisions), read for the years around the moment that matters; each
is a whole local day in the client's zone. Closures are the client's own rows.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from callnotes.domain.business_hours import ClosedSpan, closed_day
from callnotes.storage import models as m


def holiday_spans(
    country: str, subdivision: str, zone: tzinfo, years: range
) -> tuple[ClosedSpan, ...]:
    """The public holidays of *country* (and *subdivision*) in *years*, as closed local days.

    An unknown country or subdivision gives none (the setting was checked when it was saved).
    """
    if not country:
        return ()
    import holidays  # imported when first needed: it loads every country's rules

    try:
        found = holidays.country_holidays(country, subdiv=subdivision or None, years=years)
    except NotImplementedError:
        return ()
    return tuple(closed_day(day, str(name), zone) for day, name in sorted(found.items()))


def closed_spans(client: m.Client, zone: tzinfo, around: datetime) -> tuple[ClosedSpan, ...]:
    """The client's holidays (the year before *around* to two years after) and closures."""
    year = around.astimezone(zone).year
    spans = list(
        holiday_spans(
            client.holiday_country, client.holiday_subdivision, zone, range(year - 1, year + 3)
        )
    )
    session = object_session(client)
    if session is not None and client.id is not None:
        spans.extend(
            ClosedSpan(row.starts_at, row.ends_at, row.summary)
            for row in session.scalars(
                select(m.ClientClosure).where(m.ClientClosure.client_id == client.id)
            )
        )
    return tuple(sorted(spans, key=lambda s: (s.starts_at, s.ends_at)))


def closures_of(session: Session, client_id: int) -> list[m.ClientClosure]:
    """The client's closures in order of their start."""
    return list(
        session.scalars(
            select(m.ClientClosure)
            .where(m.ClientClosure.client_id == client_id)
            .order_by(m.ClientClosure.starts_at, m.ClientClosure.id)
        )
    )
