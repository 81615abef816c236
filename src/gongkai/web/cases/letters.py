"""The DOCX letters of a case's events (casework.letters templates).  Below :mod:`.services` (which re-exports
:func:`letter_docx`) so that :mod:`.online` uses it without importing the services."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from gongkai.casework.errors import CalendarUnavailable
from gongkai.casework.letters import render_letter
from gongkai.casework.model import Event
from gongkai.casework.workflow import replay, reply_due

from .engine import decode, office_cal, registered


def _new_reply_due(ev: dict, req) -> dict:
    """The reply deadline an extension or 延迟答复 notice states: the date it told, frozen with its event (as
    sent); for an event stored before told dates were kept, counted now; nothing when it cannot be counted."""
    if isinstance(ev.get("told_due"), dt.date):
        return {"new_due": ev["told_due"], "due_provisional": bool(ev.get("told_provisional"))}
    try:
        count = reply_due(req, office_cal())
    except CalendarUnavailable:
        return {}
    return {"new_due": count.due, "due_provisional": count.provisional}


def letter_docx(case, kind: str, seq: int, events=None) -> bytes:
    """The DOCX letter of the event ``seq`` (casework.letters templates), with the dates it told frozen as sent
    and the agency's remedy sentence and contact.  Raises CaseworkError (Chinese)."""
    events = list(case.events.all()) if events is None else events
    upto = [e for e in events if e.seq <= seq]
    req = replay(registered(case), [Event(e.kind, e.on, e.actor, decode(e.data)) for e in upto], office_cal())
    ev = decode(upto[-1].data)
    details: dict = {}
    if kind == "reply":
        # (also a 送审稿: the letter of a reply submitted for 答复审核, its outcome in the event, not yet on the case)
        details = {k: ev[k] for k in ("reason", "info_given", "info_withheld", "disposition") if ev.get(k)}
    elif kind == "clarification":
        details = {"items": ev.get("items", []), "period_days": ev.get("period_days", 15)}
        if isinstance(ev.get("told_due"), dt.date):  # the letter as sent: the date it told, frozen
            details["due"], details["due_provisional"] = ev["told_due"], bool(ev.get("told_provisional"))
        elif req.clarification_due and req.clarification_requested_on:
            details["due_provisional"] = office_cal().span_provisional(req.clarification_requested_on,
                                                                        req.clarification_due)
    elif kind == "extension":
        details = {"days": ev.get("days", 20), "reason": ev.get("reason") or "所申请信息需进一步检索、审查",
                   **_new_reply_due(ev, req)}
    elif kind == "consultation":
        details = {"party": ev.get("party", "")}
    elif kind == "delay":
        details = {"days": ev.get("days", 0), "applicant_reason": ev.get("applicant_reason", ""),
                   **_new_reply_due(ev, req)}
    elif kind == "fee":
        details = {"amount_yuan": ev.get("amount_yuan"), "method": ev.get("method", "per_request")}
    agency = case.agency
    with tempfile.TemporaryDirectory() as tmp:
        path = render_letter(kind, req, Path(tmp) / "letter.docx", agency=agency.name, date=upto[-1].on,
                             letter_no=f"{case.number}-{seq}", review_body=agency.remedy_review_body,
                             court=agency.court, contact=agency.contact_line(), **details)
        return path.read_bytes()
