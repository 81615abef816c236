"""Case operations: register, apply an engine event, edit, extension approval, attachments.

Each operation runs in a transaction, checks the optimistic lock (``version``), calls the engine
(:mod:`gongkai.casework.workflow`) and writes the audit log.  Errors are Chinese
(:class:`~gongkai.casework.errors.CaseworkError` subclasses) for the view to show.
"""

from __future__ import annotations

import datetime as dt
import os

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from gongkai.casework.calendar import default_calendar
from gongkai.casework.errors import CaseworkError
from gongkai.casework.model import Event
from gongkai.casework.workflow import TRANSITIONS, apply

from ..auditlog.services import record
from ..clock import today
from .engine import encode, registered, sync, to_request
from .models import Attachment, Case, CaseEvent

EDITABLE = ("requester_name", "id_document", "contact", "address", "description", "form")


class EditConflict(CaseworkError):
    """Someone else changed the case since the form was opened (optimistic lock)."""


def _snapshot(case) -> dict:
    return {"state": case.state, "disposition": case.disposition, "due": case.due.isoformat() if case.due else None,
            "handler": case.handler, "version": case.version}


def next_number(agency, year: int) -> str:
    prefix = f"{year}-"
    last = (Case.objects.filter(agency=agency, number__startswith=prefix).order_by("-number")
            .values_list("number", flat=True).first())
    n = 1
    if last:
        try:
            n = int(last[len(prefix):]) + 1
        except ValueError:
            n = Case.objects.filter(agency=agency).count() + 1
    return f"{prefix}{n:05d}"


def register(user, *, request=None, **fields) -> Case:
    """Register an application for the user's agency (engine: ``new_request``; IntakeError on bad input)."""
    case = Case(agency=user.agency, **fields)
    if not case.number:
        case.number = next_number(user.agency, case.received_on.year)
    if not case.handler:
        case.handler = user.display_name
    req = registered(case, actor=user.display_name, today=today())
    case.applicant_type = req.requester.applicant_type
    case.channel = req.channel
    sync(case, req)
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:
        raise CaseworkError(f"本机关已有编号为 {case.number} 的申请，请换一个编号。") from None
    record(user, "case_register", case, new={"number": case.number, "requester_name": case.requester_name,
                                             "id_document": case.id_document, "contact": case.contact,
                                             "received_on": case.received_on.isoformat(), "state": case.state},
           request=request)
    return case


def _bump(case, version: int, **changes) -> None:
    """Save ``changes`` only if nobody saved since ``version`` was read; EditConflict otherwise."""
    n = Case.objects.filter(pk=case.pk, version=version).update(version=F("version") + 1, **changes)
    if n != 1:
        current = Case.objects.get(pk=case.pk)
        raise EditConflict(f"申请 {case.number} 已被他人修改（您打开的是第 {version} 版，现为第 {current.version} 版）。"
                           "为避免覆盖他人的办理记录，本次操作未保存；请刷新页面，核对最新情况后重试。")
    case.version = version + 1
    for k, v in changes.items():
        setattr(case, k, v)


def apply_event(user, case: Case, version: int, kind: str, on: dt.date, data: dict | None = None, *,
                request=None) -> Case:
    """Apply one engine event to ``case``; raises TransitionRefused (the engine's Chinese reason) or
    EditConflict.  Returns the updated case."""
    data = dict(data or {})
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.version != version:
            _bump(case, version)  # raises EditConflict
        events = list(case.events.all())
        req = to_request(case, events)
        old = _snapshot(case)
        new_req = apply(req, Event(kind, on, user.display_name, data), default_calendar(), today=today())
        ev = new_req.events[-1]
        CaseEvent.objects.create(case=case, seq=len(events) + 1, kind=kind, on=on, actor=user.display_name,
                                 data=encode(ev.data))
        sync(case, new_req)
        changes = {k: getattr(case, k) for k in ("state", "disposition", "closed_on", "handler", "paused", "due",
                                                 "calendar_error", "received_on")}
        if kind == "extend":
            changes["pending_extension"] = None
        _bump(case, version, **changes)
    record(user, "case_event", case, old=old, new={"event": kind, "event_label": TRANSITIONS[kind][2],
                                                    "on": on.isoformat(), **_snapshot(case)}, request=request)
    return case


def request_extension(user, case: Case, version: int, *, on: dt.date, days: int, reason: str,
                      request=None) -> Case:
    """A 经办人 asks for an extension; a 审核人/签发人 approves it (第三十三条: 负责人同意)."""
    if days < 1 or days > 20:
        raise CaseworkError("延长的工作日数应为 1 至 20（第三十三条）。")
    if on > today():
        raise CaseworkError(f"提请延期的日期 {on} 晚于今天 {today()}，请核对日期。")
    pending = {"on": on.isoformat(), "days": days, "reason": reason, "by": user.display_name}
    with transaction.atomic():
        _bump(case, version, pending_extension=pending)
    record(user, "case_extension_requested", case, new=pending, request=request)
    return case


def refuse_extension(user, case: Case, version: int, *, request=None) -> Case:
    old = case.pending_extension
    with transaction.atomic():
        _bump(case, version, pending_extension=None)
    record(user, "case_extension_refused", case, old=old, request=request)
    return case


def edit(user, case: Case, version: int, fields: dict, *, request=None) -> Case:
    """Change the applicant's details (not the registered dates or type: those are the record)."""
    changes = {k: v for k, v in fields.items() if k in EDITABLE and getattr(case, k) != v}
    if not changes:
        return case
    old = {k: getattr(case, k) for k in changes}
    with transaction.atomic():
        _bump(case, version, **changes)
    record(user, "case_edit", case, old=old, new=changes, request=request)
    return case


def add_attachment(user, case: Case, upload, *, request=None) -> Attachment:
    """Store an uploaded file after checking size and type (settings GONGKAI_ATTACHMENT_*)."""
    name = os.path.basename(upload.name or "")
    ext = os.path.splitext(name)[1].lower()
    allowed = settings.GONGKAI_ATTACHMENT_TYPES
    if ext not in allowed:
        raise CaseworkError(f"附件「{name}」的类型不允许上传；允许的类型：{'、'.join(sorted(allowed))}。")
    if upload.size > settings.GONGKAI_ATTACHMENT_MAX_BYTES:
        raise CaseworkError(f"附件「{name}」大小为 {upload.size / 1048576:.1f} MB，超过上限 "
                            f"{settings.GONGKAI_ATTACHMENT_MAX_BYTES // 1048576} MB。")
    head = upload.read(8)
    upload.seek(0)
    magic = {".pdf": b"%PDF", ".png": b"\x89PNG", ".jpg": b"\xff\xd8", ".jpeg": b"\xff\xd8", ".docx": b"PK",
             ".xlsx": b"PK"}
    if ext in magic and not head.startswith(magic[ext]):
        raise CaseworkError(f"附件「{name}」的内容与扩展名 {ext} 不符，未保存。")
    att = Attachment(case=case, name=name[:200], size=upload.size, content_type=allowed[ext],
                     uploaded_by=user.display_name)
    att.file.save(name, upload, save=False)
    att.save()
    record(user, "attachment_upload", case, new={"name": att.name, "size": att.size}, request=request)
    return att


def import_ledger_upload(user, upload, *, request=None) -> list[Case]:
    """Register the applications of an office's ledger (XLSX/CSV upload) for the user's agency: all of
    them, or none (LedgerImportError listing every bad row, also a 申请编号 the agency already has).
    Concluded rows carry the ledger's result (engine event ``import``), open rows are 受理 on the day
    received; deadlines are counted as for any case."""
    import tempfile
    from pathlib import Path

    from gongkai.casework.errors import LedgerImportError
    from gongkai.casework.ledger import import_ledger

    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise LedgerImportError([f"文件「{upload.name}」不是 XLSX 或 CSV 台账"], upload.name)
    with tempfile.TemporaryDirectory(prefix="gongkai-ledger-") as tmp:
        path = Path(tmp) / f"ledger{suffix}"
        with open(path, "wb") as f:
            for chunk in upload.chunks():
                f.write(chunk)
        reqs = import_ledger(path, user.agency.name, today=today())
    line_of = {r.id: next((e.data.get("line") for e in r.events if "line" in e.data), "?") for r in reqs}
    taken = set(Case.objects.filter(agency=user.agency, number__in=list(line_of)).values_list("number", flat=True))
    if taken:
        raise LedgerImportError([f"第{line_of[n]}行「申请编号」：本机关已有编号为 {n} 的申请" for n in sorted(taken)],
                                upload.name)
    cases = []
    with transaction.atomic():
        for req in reqs:
            case = Case(agency=user.agency, number=req.id, requester_name=req.requester.name,
                        applicant_type=req.requester.applicant_type, id_document=req.requester.id_document,
                        contact=req.requester.contact, description=req.description, channel=req.channel,
                        received_on=req.received_on, form=req.form, handler=req.handler or user.display_name)
            sync(case, req)
            case.save()
            CaseEvent.objects.bulk_create([CaseEvent(case=case, seq=k, kind=e.kind, on=e.on, actor=e.actor,
                                                     data=encode(e.data))
                                           for k, e in enumerate((e for e in req.events if e.kind != "register"), 1)])
            cases.append(case)
    record(user, "case_import", None, new={"file": upload.name, "cases": len(cases),
                                           "numbers": [c.number for c in cases[:50]]}, request=request)
    return cases


def timeliness_of(qs) -> dict:
    """Case pk → :class:`gongkai.casework.deadlines.Timeliness` for the concluded cases of ``qs`` (issue #9
    item 5: working days used, on time or late, working days late; “期限暂定” for a provisional deadline).
    A case whose history cannot be replayed gets a Timeliness saying so (never an exception)."""
    from gongkai.casework.deadlines import NOT_APPLICABLE, Timeliness, timeliness

    from .engine import to_request
    out = {}
    closed = qs.filter(state__in=["closed", "withdrawn"]).select_related("agency").prefetch_related("events")
    for case in closed.iterator(chunk_size=500):
        try:
            out[case.pk] = timeliness(to_request(case, list(case.events.all())))
        except CaseworkError as e:
            out[case.pk] = Timeliness(case.number, case.agency.name, NOT_APPLICABLE, f"无法计算（{e}）")
    return out


def timeliness_rates_for(agency_ids, year: int):
    """按期答复率 per agency for the replies of ``year`` (:func:`gongkai.casework.deadlines.timeliness_rates`)."""
    from gongkai.casework.deadlines import timeliness_rates

    from .engine import to_request
    reqs = []
    qs = (Case.objects.filter(agency_id__in=agency_ids, state="closed", closed_on__year=year)
          .select_related("agency").prefetch_related("events"))
    for case in qs.iterator(chunk_size=500):
        try:
            reqs.append(to_request(case, list(case.events.all())))
        except CaseworkError:
            continue
    return timeliness_rates(reqs, year=year)


def refresh_paused_due(qs) -> int:
    """Fill the ``due`` copy of paused open cases stored before paused cases carried their own period's
    end (征求意见答复期限, 缴费期限), so that the worklist can flag them; returns how many were updated.
    A derived copy only: no event, no version bump, no audit entry.  Cheap once done (no row matches)."""
    from gongkai.casework.model import PAUSED_STATES

    n = 0
    for case in qs.filter(state__in=list(PAUSED_STATES), due__isnull=True, calendar_error="").select_related("agency"):
        try:
            sync(case, to_request(case))
        except CaseworkError:
            continue
        if case.due is not None or case.calendar_error:  # (a calendar gap is recorded, not retried each time)
            Case.objects.filter(pk=case.pk, due__isnull=True).update(due=case.due, calendar_error=case.calendar_error)
            n += 1
    return n
