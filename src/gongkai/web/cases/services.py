"""Disclosure request operations: register, apply an engine event, edit, extension approval, attachments.

Each operation runs in a transaction, checks the optimistic lock (``version``), calls the engine
(:mod:`gongkai.casework.workflow`) and writes the audit log.  Errors are Chinese
(:class:`~gongkai.casework.errors.CaseworkError` subclasses) for the view to show.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Count, F

from gongkai.casework.deadlines import NOT_APPLICABLE, RUNNING_STATES, Timeliness, rates_of, timeliness, told_due
from gongkai.casework.errors import CalendarUnavailable, CaseworkError, LedgerImportError
from gongkai.casework.ledger import import_ledger
from gongkai.casework.model import CLARIFICATION, OPEN_STATES, PAUSED_STATES, Event
from gongkai.casework.workflow import TRANSITIONS, apply

from ..auditlog.services import record
from ..clock import today
from . import letters, online
from .engine import (REGISTRATION_FIELDS, encode, light_request, office_cal, registered, replayed, settings_for,
                     sync, to_request)
from .models import Attachment, DeadlineChange, DisclosureRequest, RequestEvent, TimelinessCopy
from .numbering import next_number

EDITABLE = ("requester_name", "id_document", "contact", "address", "description", "form")


class EditConflict(CaseworkError):
    """Someone else changed the case since the form was opened (optimistic lock)."""


def _snapshot(case) -> dict:
    return {"state": case.state, "disposition": case.disposition, "due": case.due.isoformat() if case.due else None,
            "handler": case.handler, "version": case.version}


def register(user, *, request=None, **fields) -> DisclosureRequest:
    """Register an application for the user's agency (engine: ``new_request``; IntakeError on bad input)."""
    case = DisclosureRequest(agency=user.agency, **fields)
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
    n = DisclosureRequest.objects.filter(pk=case.pk, version=version).update(version=F("version") + 1, **changes)
    if n != 1:
        current = DisclosureRequest.objects.get(pk=case.pk)
        raise EditConflict(f"申请 {case.number} 已被他人修改（您打开的是第 {version} 版，现为第 {current.version} 版）。"
                           "为避免覆盖他人的办理记录，本次操作未保存；请刷新页面，核对最新情况后重试。")
    case.version = version + 1
    for k, v in changes.items():
        setattr(case, k, v)


def apply_event(user, case: DisclosureRequest, version: int, kind: str, on: dt.date, data: dict | None = None, *,
                request=None) -> DisclosureRequest:
    """Apply one engine event to ``case``; raises TransitionRefused (the engine's Chinese reason) or
    EditConflict.  Returns the updated case."""
    data = dict(data or {})
    with transaction.atomic():
        case = DisclosureRequest.objects.select_for_update().get(pk=case.pk)
        if case.version != version:
            _bump(case, version)  # raises EditConflict
        events = list(case.events.all())
        req = to_request(case, events)
        old = _snapshot(case)
        new_req = apply(req, Event(kind, on, user.display_name, data), office_cal(), settings_for(case.agency),
                        today=today())
        ev = new_req.events[-1]
        RequestEvent.objects.create(case=case, seq=len(events) + 1, kind=kind, on=on, actor=user.display_name,
                                    data=encode(ev.data))
        sync(case, new_req)
        changes = {k: getattr(case, k) for k in ("state", "disposition", "closed_on", "handler", "paused", "due",
                                                 "calendar_error", "received_on", "reply_returned")}
        if kind == "extend":
            changes["pending_extension"] = None
        _bump(case, version, **changes)
        if not new_req.is_open:  # concluded: its timeliness copy now, so the next export need not replay it
            keep_timeliness([case.pk])
    # 答复审核 in words: the reason of a return, the outcome submitted or approved
    said = {k: ev.data[k] for k in (("reason",) if kind == "return_reply" else ("disposition",)
                                    if kind in ("submit_reply", "approve_reply") else ()) if ev.data.get(k)}
    record(user, "case_event", case, old=old, new={"event": kind, "event_label": TRANSITIONS[kind][2],
                                                    "on": on.isoformat(), **said, **_snapshot(case)}, request=request)
    return case


def approve_reply(user, case: DisclosureRequest, version: int, *, comment: str = "",
                  request=None) -> DisclosureRequest:
    """答复审核 — 审核通过: the 审核人 approves the submitted reply and it goes out the same day (engine events
    ``approve_reply`` then ``respond``, both dated today, in one transaction: the reply date is the day it went
    out).  Raises TransitionRefused / EditConflict; nothing is saved then."""
    day = today()
    with transaction.atomic():
        case = apply_event(user, case, version, "approve_reply", day, {"comment": comment} if comment else {},
                           request=request)
        case = apply_event(user, case, case.version, "respond", day, {}, request=request)
    return case


def request_extension(user, case: DisclosureRequest, version: int, *, on: dt.date, days: int, reason: str,
                      request=None) -> DisclosureRequest:
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


def refuse_extension(user, case: DisclosureRequest, version: int, *, request=None) -> DisclosureRequest:
    old = case.pending_extension
    with transaction.atomic():
        _bump(case, version, pending_extension=None)
    record(user, "case_extension_refused", case, old=old, request=request)
    return case


def edit(user, case: DisclosureRequest, version: int, fields: dict, *, request=None) -> DisclosureRequest:
    """Change the applicant's details (not the registered dates or type: those are the record)."""
    changes = {k: v for k, v in fields.items() if k in EDITABLE and getattr(case, k) != v}
    if not changes:
        return case
    old = {k: getattr(case, k) for k in changes}
    with transaction.atomic():
        _bump(case, version, **changes)
    record(user, "case_edit", case, old=old, new=changes, request=request)
    return case


def add_attachment(user, case: DisclosureRequest, upload, *, request=None) -> Attachment:
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


def import_ledger_upload(user, upload, *, request=None) -> list[DisclosureRequest]:
    """Register the applications of an office's ledger (XLSX/CSV upload) for the user's agency: all of
    them, or none (LedgerImportError listing every bad row, also a 申请编号 the agency already has).
    Concluded rows carry the ledger's result (engine event ``import``), open rows are 受理 on the day
    received; deadlines are counted as for any case."""
    import tempfile
    from pathlib import Path


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
    taken = set(DisclosureRequest.objects.filter(agency=user.agency, number__in=list(line_of))
                .values_list("number", flat=True))
    if taken:
        raise LedgerImportError([f"第{line_of[n]}行「申请编号」：本机关已有编号为 {n} 的申请" for n in sorted(taken)],
                                upload.name)
    cases = []
    with transaction.atomic():
        for req in reqs:
            case = DisclosureRequest(agency=user.agency, number=req.id, requester_name=req.requester.name,
                             applicant_type=req.requester.applicant_type, id_document=req.requester.id_document,
                             contact=req.requester.contact, description=req.description, channel=req.channel,
                             received_on=req.received_on, form=req.form, handler=req.handler or user.display_name)
            sync(case, req)
            case.save()
            RequestEvent.objects.bulk_create([RequestEvent(case=case, seq=k, kind=e.kind, on=e.on, actor=e.actor,
                                                           data=encode(e.data))
                                                 for k, e in enumerate((e for e in req.events if e.kind != "register"), 1)])
            cases.append(case)
        keep_timeliness([c.pk for c in cases if c.state in CONCLUDED])
    record(user, "case_import", None, new={"file": upload.name, "cases": len(cases),
                                           "numbers": [c.number for c in cases[:50]]}, request=request)
    return cases


def _told_note(kind: str, old_due, new_due) -> str:
    """What the statute requires when a date told to the applicant moves (Chinese)."""
    if kind == "补正期限":
        if new_due and old_due and new_due < old_due:
            return (f"补正告知书已告知申请人于 {old_due} 前补正；按新的节假日安排，法定补正期限为 {new_due}。"
                    f"申请人在已告知的 {old_due} 前补正的，应视为按期补正，不得以较早的日期视为放弃申请（第三十条）；"
                    f"如需更正，请书面告知申请人。")
        return (f"补正告知书已告知申请人于 {old_due} 前补正；按新的节假日安排，法定补正期限为 {new_due}。"
                f"补正期限按工作日计算（第三十条），以较晚的 {new_due} 为准，对申请人有利；建议书面告知申请人更正后的期限。")
    if kind == "征求意见答复期限":
        return (f"征求意见书已告知第三方（或其他机关）于 {old_due} 前提出意见；按新的节假日安排，第三十二条规定的期限为 {new_due}。"
                f"在已告知的日期前收到的意见应当采纳考虑；如需更正，请书面告知被征求意见方。")
    if kind == "缴费期限":
        return (f"收费通知已告知申请人于 {old_due} 前缴费；按新的节假日安排，缴费期限为 {new_due}。"
                f"申请人在已告知的日期前缴费的，应视为按期缴纳；以较晚的日期为准对申请人有利，如需更正请书面告知。")
    if new_due and old_due and new_due < old_due:
        return (f"已告知申请人的答复期限为 {old_due}；按新的节假日安排，条例第三十三条规定的期限为 {new_due}。"
                f"法定期限按实际工作日计算，应不迟于 {new_due} 答复。")
    return (f"已告知申请人的答复期限为 {old_due}；按新的节假日安排，条例第三十三条规定的期限为 {new_due}。"
            f"建议仍在已告知的 {old_due} 前答复；如按 {new_due} 答复，请书面告知申请人。")


def running_q():
    """Cases whose reply clock runs (:data:`gongkai.casework.deadlines.RUNNING_STATES`), as a query filter."""
    from django.db.models import Q
    return Q(state__in=sorted(RUNNING_STATES))


def overdue_q(day):
    """Overdue cases on ``day`` as a query filter: the database form of
    :func:`gongkai.casework.deadlines.is_overdue` (clock running, ``due`` before ``day``), for the worklist's
    已超期 tab and count, and the 待办 of 经办人 and 上级审查员."""
    from django.db.models import Q
    return running_q() & Q(due__lt=day)


#: agency id → (key, number of its cases), per server process: :func:`cases_total`
_KEPT_TOTALS: dict[int, tuple[tuple, int]] = {}


#: agency id → (key, its open cases' numbers for the worklist's tabs), per server process: :func:`open_counts`
_KEPT_OPEN: dict[int, tuple[tuple, tuple]] = {}
#: the worklist's numbers of open cases (:func:`open_counts`): the tabs' and the provisional deadlines'
OPEN_COUNTS = ("open", "due_soon", "overdue", "paused", "expired", "provisional")


def forget_kept_totals() -> None:
    """Forget the kept numbers of cases (tests: each test's database gives the same ids again)."""
    _KEPT_TOTALS.clear()
    _KEPT_OPEN.clear()


def open_counts(agency_ids, versions: dict[int, int] | None, day) -> dict[str, int]:
    """The worklist's numbers of the open cases of ``agency_ids`` on ``day`` (:data:`OPEN_COUNTS`: 办理中, 即将到期,
    已超期, 暂停计时, 暂停期满待处理 and the deadlines still provisional), kept per agency in this process as
    :func:`cases_total` keeps its totals: under the agency's record version (read *before* the cases), the day
    and the 即将到期 window's end (the calendar's), so that a worklist opened again while nothing changed asks
    no aggregate of the cases; the agencies whose version changed are counted again together, in one query.
    ``versions`` None (a database without the triggers): counted each time."""
    from django.db.models import Q
    limit = due_soon_limit(day)
    exprs = {"n_open": Count("id"),
             "n_due_soon": Count("id", filter=running_q() & Q(due__gte=day, due__lte=limit or day)),
             "n_overdue": Count("id", filter=overdue_q(day)),
             "n_paused": Count("id", filter=Q(paused=True)),
             "n_expired": Count("id", filter=Q(paused=True, due__lt=day)),
             "n_provisional": Count("id", filter=Q(due_provisional=True))}
    ids = [int(i) for i in agency_ids]
    open_cases = DisclosureRequest.objects.filter(state__in=list(OPEN_STATES))
    if versions is None:
        n = open_cases.filter(agency_id__in=ids).aggregate(**exprs)
        return {k: n[f"n_{k}"] for k in OPEN_COUNTS}
    db = connection.settings_dict["NAME"]

    def count(stale):
        fresh = dict.fromkeys(stale, (0,) * len(OPEN_COUNTS))
        for row in (open_cases.filter(agency_id__in=stale).order_by().values("agency_id").annotate(**exprs)):
            fresh[row["agency_id"]] = tuple(row[f"n_{k}"] for k in OPEN_COUNTS)
        return fresh

    found = _kept_per_agency(_KEPT_OPEN, {aid: (db, versions.get(aid, 0), day, limit) for aid in ids}, count)
    return {k: sum(numbers[i] for numbers in found.values()) for i, k in enumerate(OPEN_COUNTS)}


def _kept_per_agency(kept: dict, keys: dict[int, tuple], count) -> dict:
    """Per agency (``keys``: id → the key its value is kept under: the database, its record version …) the value
    kept in ``kept`` under that key; the agencies whose key changed counted again, together, by ``count(ids)``
    (id → value, every id given) and kept."""
    found = {}
    for aid, key in keys.items():
        k = kept.get(aid)
        if k is not None and k[0] == key:
            found[aid] = k[1]
    stale = [aid for aid in keys if aid not in found]
    if stale:
        for aid, value in count(stale).items():
            found[aid] = value
            kept[aid] = (keys[aid], value)
    return found


def cases_total(agency_ids, versions: dict[int, int] | None) -> int:
    """The number of cases of the agencies ``agency_ids`` (the worklist's 全部 tab without a filter: a COUNT over
    all of a county's cases on every visit, a few milliseconds of the database server's CPU on PostgreSQL),
    kept per agency in this process under its record version (``versions``: id → version, read *before* the
    cases; :func:`gongkai.web.reports.services.record_versions`).  A database trigger gives an agency a new
    version on any write to its cases — however written, a case moved between agencies renumbers both — and a
    number once replaced never comes back, so a kept number is never read under a later state; the agencies
    whose version changed are counted again, together, in one query.  ``versions`` None (a database without
    the triggers): counted each time."""
    ids = [int(i) for i in agency_ids]
    if versions is None:
        return DisclosureRequest.objects.filter(agency_id__in=ids).count()
    db = connection.settings_dict["NAME"]

    def count(stale):
        found = dict.fromkeys(stale, 0)
        found.update(DisclosureRequest.objects.filter(agency_id__in=stale).order_by().values("agency_id")
                     .annotate(n=Count("id")).values_list("agency_id", "n"))
        return found

    return sum(_kept_per_agency(_KEPT_TOTALS, {aid: (db, versions.get(aid, 0)) for aid in ids}, count).values())


def due_soon_limit(day):
    """The date 5 working days after ``day`` (the 即将到期 window); None when the calendar lacks the year."""
    try:
        return office_cal().add_working_days(day, 5).due
    except CalendarUnavailable:
        return None


def recompute_deadlines(reason: str, actor: str = "", user=None, request=None, actor_label: str = "") -> list:
    """Recount every open case's deadline on the current calendar (after a notice was loaded or the package
    upgraded).  A moved date (or one that became final) is recorded as a :class:`DeadlineChange` on the case
    timeline; a date already told to the applicant is never moved silently — the change says both dates and
    what the statute requires.  Returns the changes made."""

    changes = []
    day = today()
    for case in (DisclosureRequest.objects.filter(state__in=list(OPEN_STATES)).select_related("agency")
                 .prefetch_related("events")):
        old_due, old_prov = case.due, case.due_provisional
        req = to_request(case)
        sync(case, req)
        if case.due == old_due and case.due_provisional == old_prov:
            continue
        kind = {CLARIFICATION: "补正期限", "consultation": "征求意见答复期限",
                "awaiting_fee": "缴费期限"}.get(case.state, "答复期限")
        # the date a letter told (补正告知书, 征求意见书, 收费通知, 延期/延迟答复告知书), frozen in its event as sent
        told_on = told_due(req)
        told = told_on is not None and told_on != case.due
        with transaction.atomic():
            DisclosureRequest.objects.filter(pk=case.pk).update(due=case.due, due_provisional=case.due_provisional,
                                                        calendar_error=case.calendar_error)
            changes.append(DeadlineChange.objects.create(
                case=case, on=day, kind=kind, old_due=old_due, new_due=case.due, old_provisional=old_prov,
                new_provisional=case.due_provisional, reason=reason[:300], actor=actor, told_applicant=told,
                note=_told_note(kind, told_on, case.due) if told else ""))
    if user is not None or actor:
        record(user, "calendar_recompute", None, new={"reason": reason, "changed": len(changes),
                                                      **({"actor": actor_label} if actor_label else {})},
               request=request)
    return changes


def describe_change(ch) -> str:
    """「答复期限因节假日安排调整由 2027-01-13（暂定）变更为 2027-01-14」."""
    def fmt(d, prov):
        return (d.isoformat() if d else "（无）") + ("（暂定）" if prov else "")
    if ch.old_due == ch.new_due:
        return f"{ch.kind} {fmt(ch.new_due, False)} 因加载节假日安排由暂定变为确定"
    return f"{ch.kind}因节假日安排调整由 {fmt(ch.old_due, ch.old_provisional)} 变更为 {fmt(ch.new_due, ch.new_provisional)}"


def recount_if_calendar_changed() -> list | None:
    """Recount open cases when the calendar data changed since the last start (a chinese-calendar upgrade that
    now covers a provisional year, or a notice stored by another process); None when nothing changed.
    Called when the platform starts (``gongkai serve``)."""
    from pathlib import Path

    marker = Path(settings.DATA_DIR) / "calendar-version"
    version = office_cal().version
    try:
        if marker.read_text(encoding="utf-8") == version:
            return None
    except OSError:
        pass
    changes = recompute_deadlines(f"日历数据更新（{version}）", actor="系统")
    try:
        marker.write_text(version, encoding="utf-8")
    except OSError:
        pass
    return changes


def timeliness_of(qs) -> dict:
    """DisclosureRequest pk → :class:`gongkai.casework.deadlines.Timeliness` for the concluded cases of ``qs`` (issue #9
    item 5: working days used, on time or late, working days late; “期限暂定” for a provisional deadline).
    A case whose history cannot be replayed gets a Timeliness saying so (never an exception).

    Speed (issue 16): a case's Timeliness is kept in :class:`TimelinessCopy` under a stamp of what it rests on
    (:func:`_timeliness_stamp`, :func:`_timeliness_digest`); a case whose copy is missing or stamped otherwise
    is computed again — its events read as ``values()`` rows in chunks of :data:`TIMELINESS_CHUNK`, no model
    instances, the office calendar looked up once — and its copy written back.  The stamp is taken before the
    case is read again, so a case changed in between is stored under its old stamp and recomputed next time."""

    cal = office_cal()
    digest = _timeliness_digest(cal)
    out, stale = {}, {}
    closed = qs.filter(state__in=CONCLUDED).order_by()
    for pk, number, agency, *head, stamp, data in closed.values_list(
            "id", "number", "agency__name", "version", "state", "closed_on", "received_on", "channel",
            "timeliness_copy__stamp", "timeliness_copy__data").iterator(chunk_size=2000):
        current = _timeliness_stamp(*head, digest)
        if stamp == current:
            out[pk] = _timeliness_from_copy(number, agency, data)
        else:
            stale[pk] = current
    out.update(_computed_and_kept(stale, cal))
    return out


#: the states of a concluded case (the ones with a Timeliness)
CONCLUDED = ("closed", "withdrawn")


def keep_timeliness(ids) -> None:
    """Compute and store now the timeliness copies of the concluded cases among ``ids`` (a case just concluded,
    cases imported concluded from a ledger), under the stamp :func:`timeliness_of` checks — so the first export
    after a case concludes reads its copy instead of replaying it.  Inside the caller's transaction: undone with
    it."""
    cal = office_cal()
    digest = _timeliness_digest(cal)
    for chunk in _chunks(ids, TIMELINESS_CHUNK):
        _computed_and_kept({pk: _timeliness_stamp(*head, digest) for pk, *head in DisclosureRequest.objects.filter(
            id__in=chunk, state__in=CONCLUDED).values_list("id", "version", "state", "closed_on", "received_on",
                                                           "channel")}, cal)


def _computed_and_kept(stamps: dict, cal) -> dict:
    """pk → Timeliness of the cases ``stamps`` (pk → stamp), computed in chunks and stored under their stamps."""
    out = {}
    for chunk in _chunks(list(stamps), TIMELINESS_CHUNK):
        computed = _timeliness_computed(chunk, cal)
        out.update(computed)
        _store_timeliness({pk: (stamps[pk], t) for pk, t in computed.items()})
    return out


def _timeliness_computed(ids, cal) -> dict:
    """pk → Timeliness of the cases ``ids``, replayed from their stored events."""
    out, events = {}, {}
    for case_id, *event in (RequestEvent.objects.filter(case_id__in=ids).order_by("case_id", "seq")
                            .values_list("case_id", "kind", "on", "actor", "data")):
        events.setdefault(case_id, []).append(event)
    for row in DisclosureRequest.objects.filter(id__in=ids).order_by().values("id", *REGISTRATION_FIELDS):
        try:
            out[row["id"]] = timeliness(replayed(row, events.get(row["id"], ()), cal), cal)
        except CaseworkError as e:
            out[row["id"]] = Timeliness(row["number"], row["agency__name"], NOT_APPLICABLE, f"无法计算（{e}）")
    return out


#: the code a Timeliness is computed by: a change to any of these files (a rule of the engine, the calendar's
#: counting) makes every stored copy stale
_TIMELINESS_CODE = ("casework", "workdays", "web/cases/engine.py", "web/cases/services.py")
_DIGESTS: dict = {}


def _timeliness_digest(cal) -> str:
    """What every case's Timeliness rests on besides the case: the office calendar (``replay`` and ``timeliness``
    both count on it, as the deadlines do) and the engine's code."""
    if "code" not in _DIGESTS:
        root = Path(__file__).resolve().parents[2]  # src/gongkai
        h = hashlib.sha256()
        try:
            for part in _TIMELINESS_CODE:
                p = root / part
                for f in sorted(p.rglob("*.py")) if p.is_dir() else [p]:
                    h.update(str(f.relative_to(root)).encode() + b"\0" + f.read_bytes() + b"\0")
        except OSError:  # the code cannot be read (installed without its sources): no copy of another process is
            import secrets  # ever taken for this one's — slower, never stale
            h.update(secrets.token_bytes(16))
        _DIGESTS["code"] = h.hexdigest()
    key = (cal.version, _DIGESTS["code"])
    if key not in _DIGESTS:
        _DIGESTS[key] = hashlib.sha256("\0".join(key).encode()).hexdigest()[:32]
    return _DIGESTS[key]


def _timeliness_stamp(version: int, state: str, closed_on, received_on, channel: str, digest: str) -> str:
    """The stamp of a case's copy: its version (bumped by every event and edit), and, for a row changed some
    other way, the fields a Timeliness rests on that the row itself holds."""
    return f"{version}|{state}|{closed_on}|{received_on}|{channel}|{digest}"


def _timeliness_from_copy(number: str, agency: str, data: dict) -> Timeliness:
    due, closed_on = data.get("due"), data.get("closed_on")
    return Timeliness(number, agency, data["status"], data["label"],
                      due=dt.date.fromisoformat(due) if due else None,
                      closed_on=dt.date.fromisoformat(closed_on) if closed_on else None,
                      working_days_used=data.get("used"), working_days_late=data.get("late", 0),
                      note=data.get("note", ""))


def _store_timeliness(items: dict) -> None:
    """Write the copies ``items`` (pk → (stamp, Timeliness)); a copy that cannot be written (the case deleted
    meanwhile, a locked database) is left for the next time: it is only a copy."""
    rows = [TimelinessCopy(case_id=pk, stamp=stamp, data={
        "status": t.status, "label": t.label, "due": t.due.isoformat() if t.due else None,
        "closed_on": t.closed_on.isoformat() if t.closed_on else None,
        "used": t.working_days_used, "late": t.working_days_late, "note": t.note}) for pk, (stamp, t) in items.items()]
    try:
        with transaction.atomic():
            TimelinessCopy.objects.bulk_create(rows, update_conflicts=True, unique_fields=["case"],
                                               update_fields=["stamp", "data"])
    except DatabaseError:
        pass


TIMELINESS_CHUNK = 500


def _chunks(it, n: int):
    chunk = []
    for x in it:
        chunk.append(x)
        if len(chunk) == n:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def timeliness_rates_for(agency_ids, year: int):
    """按期答复率 per agency for the replies of ``year`` (:func:`gongkai.casework.deadlines.rates_of`), from the
    same Timeliness as the export (:func:`timeliness_of`: the office calendar, stored copies, plain rows in
    chunks)."""
    qs = DisclosureRequest.objects.filter(agency_id__in=list(agency_ids), state="closed", closed_on__year=year)
    return rates_of(timeliness_of(qs).values(), year=year)


def refresh_paused_due(qs) -> int:
    """Fill the ``due`` copy of paused open cases stored before paused cases carried their own period's
    end (征求意见答复期限, 缴费期限), so that the worklist can flag them; returns how many were updated.
    A derived copy only: no event, no version bump, no audit entry.  Migration cases 0003 does this for stored
    data (also for a restored older backup, which is migrated forward); kept for scripts and tests."""

    n = 0
    for case in qs.filter(state__in=list(PAUSED_STATES), due__isnull=True, calendar_error="").select_related("agency"):
        try:
            sync(case, to_request(case))
        except CaseworkError:
            continue
        if case.due is not None or case.calendar_error:  # (a calendar gap is recorded, not retried each time)
            DisclosureRequest.objects.filter(pk=case.pk, due__isnull=True).update(due=case.due,
                                                                                  calendar_error=case.calendar_error)
            n += 1
    return n


# ------------------------------------------------------------------ for the other apps (reports, litigation, 待办)
#: the fields of a case an annual report counts (:func:`count_rows`)
COUNT_FIELDS = ("number", "agency_id", "applicant_type", "channel", "received_on", "state", "disposition",
                "closed_on")


def count_rows(agency_ids):
    """The :data:`COUNT_FIELDS` of the agencies' cases as tuples, in id order, streamed in one query."""
    return (DisclosureRequest.objects.filter(agency_id__in=agency_ids).order_by("id").values_list(*COUNT_FIELDS)
            .iterator(chunk_size=5000))


def counting_request(row: dict, agency: str):
    """The casework Request of a :func:`count_rows` row (as a dict) of the agency named ``agency``, carrying what
    counting needs."""
    return light_request(row, agency)


def case_numbered(agency, number: str):
    """The agency's case with that 申请编号, or None."""
    return DisclosureRequest.objects.filter(agency=agency, number=number).first()


def open_cases(agency_ids):
    """The agencies' open cases, most urgent deadline first (the 待办)."""
    return DisclosureRequest.objects.filter(agency_id__in=agency_ids, state__in=list(OPEN_STATES)).order_by("due", "id")


def pending_extensions(agency_id):
    """The agency's cases whose 延期 (第三十三条) waits for a head's approval."""
    return DisclosureRequest.objects.filter(agency_id=agency_id, pending_extension__isnull=False).order_by("id")


# re-exported: the views call services.letter_docx
letter_docx = letters.letter_docx
# online applications (条例第二十九条): other apps call them here (the public pages list the agencies that take them)
accepts_online_applications = online.accepts_online_applications
add_reply = online.add_reply
find_application = online.find_application
online_agency_ids = online.online_agency_ids
publish_reply_pdf = online.publish_reply_pdf
rate_limited = online.rate_limited
submit_application = online.submit_application
