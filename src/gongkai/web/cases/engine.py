"""Adapter between the stored rows and the casework engine (no business rules here).

Dates inside event data are stored as ``{"$date": "YYYY-MM-DD"}`` and restored on the way back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from gongkai.casework.deadlines import current_due
from gongkai.casework.errors import CalendarUnavailable
from gongkai.casework.model import Event, Request, Requester
from gongkai.casework.settings import DEFAULT_SETTINGS, OfficeSettings
from gongkai.casework.workflow import new_request, replay

from ..workcalendar import office_cal


def encode(value):
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    return value


def decode(value):
    if isinstance(value, dict):
        if set(value) == {"$date"}:
            return dt.date.fromisoformat(value["$date"])
        return {k: decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode(v) for v in value]
    return value


def settings_for(agency) -> OfficeSettings:
    """The engine settings of an agency: its 答复审核 choice (``Agency.reply_review``); the rest as the engine's
    defaults."""
    if getattr(agency, "reply_review", False):
        return dataclasses.replace(DEFAULT_SETTINGS, reply_review=True)
    return DEFAULT_SETTINGS


def requester_of(case) -> Requester:
    return Requester(case.requester_name, case.applicant_type, case.id_document, case.contact, case.address)


def registered(case, actor: str = "", today=None) -> Request:
    """The Request as registered (raises IntakeError as the engine does; with ``today``, also for a
    收到申请之日 after it)."""
    return new_request(id=case.number, agency=case.agency.name, requester=requester_of(case),
                       description=case.description, channel=case.channel, received_on=case.received_on,
                       form=case.form, handler=case.handler, actor=actor, split_from=case.split_from, today=today)


def to_request(case, events=None) -> Request:
    """Rebuild the engine's Request from the case and its stored events."""
    evs = case.events.all() if events is None else events
    req = registered(case)
    return replay(req, [Event(e.kind, e.on, e.actor, decode(e.data)) for e in evs], office_cal())


#: the ``values()`` fields :func:`replayed` needs (the registration's fields and the agency's name)
REGISTRATION_FIELDS = ("number", "agency__name", "requester_name", "applicant_type", "id_document", "contact",
                       "address", "description", "channel", "received_on", "form", "handler", "split_from")


def replayed(row: dict, events, calendar) -> Request:
    """:func:`to_request` without model instances, for thousands of cases at a time: ``row`` a ``values()``
    row with :data:`REGISTRATION_FIELDS`, ``events`` its stored events as (kind, on, actor, data) in order,
    replayed on ``calendar``."""
    req = new_request(id=row["number"], agency=row["agency__name"],
                      requester=Requester(row["requester_name"], row["applicant_type"], row["id_document"],
                                          row["contact"], row["address"]),
                      description=row["description"], channel=row["channel"], received_on=row["received_on"],
                      form=row["form"], handler=row["handler"], split_from=row["split_from"])
    return replay(req, [Event(kind, on, actor, decode(data)) for kind, on, actor, data in events], calendar)


def sync(case, req: Request) -> None:
    """Copy the engine's state onto the row (no save)."""
    case.state = req.state
    case.disposition = req.disposition
    case.closed_on = req.closed_on
    case.handler = req.handler
    case.paused = req.is_paused
    case.received_on = req.received_on  # 第三十一条: an online application's day of confirmation (confirm_receipt)
    case.calendar_error = ""
    case.due_provisional = False
    case.reply_returned = req.reply_returned[:500] if req.is_open else ""
    if not req.is_open:
        case.due = None
        return
    cal = office_cal()
    try:
        # while paused: the end of the pausing period (补正期限, third party's answer period, payment deadline)
        case.due = current_due(req, cal)
        case.due_provisional = case.due is not None and cal.span_provisional(req.received_on, case.due)
    except CalendarUnavailable as e:
        case.due = None
        case.calendar_error = str(e)[:300]


def light_request(row: dict, agency: str) -> Request:
    """A Request of the agency named ``agency`` carrying only what counting needs (from a ``values()`` row), for
    annual reports."""
    return Request(id=row["number"], agency=agency, requester=Requester("", row["applicant_type"]),
                   description="", channel=row["channel"], received_on=row["received_on"], state=row["state"],
                   disposition=row["disposition"], closed_on=row["closed_on"])
