"""Register operations over :mod:`gongkai.publications`: each reads the rows, asks the library, writes
the result and the audit log.  Errors are the library's Chinese messages (PublicationError /
CaseworkError subclasses) for the view to show.  The date is the web clock's (``clock.today``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from gongkai.casework.errors import CalendarUnavailable, CaseworkError
from gongkai.publications import (CLERK, OPEN_STATES, REVIEWER, SIGNATORY, WAS_PUBLISHED_STATES, Actor,
                                  Classification, ConfidentialityReview, LifecycleError, NormativeDocument,
                                  Publication, PublicationError, ReviewEvent, YearlyFigure, amend, approve, expire, issue, new_publication, new_version,
                                  publication_deadline, repeal, return_for_revision, revise, sign_off, submit,
                                  supersede, version_date_problems)

from ..auditlog.services import record
from ..clock import today
from .. import uploads
from ..uploads import check_upload
from ..workcalendar import office_cal
from .models import DocumentRecord, Figure, Item, ItemAttachment, ItemEvent

ROLE_MAP = {"clerk": CLERK, "reviewer": REVIEWER, "signatory": SIGNATORY}
ALLOWED_UPLOADS = uploads.ALLOWED_UPLOADS  # an existing name (the upload check is web/uploads.py)
ITEM_FIELDS = ("category", "title", "document_number", "issuer", "formed_on", "changed_on", "summary", "body",
               "document_kind", "disclosure", "ground", "disclosure_reason", "review_conclusion", "reviewer_name",
               "reviewed_on", "review_note")


class EditConflict(PublicationError):
    """Someone else changed the item since the page was opened (optimistic lock)."""


def actor_of(user) -> Actor:
    role = ROLE_MAP.get(user.role)
    return Actor(user.display_name, frozenset({role}) if role else frozenset())


def now() -> dt.datetime:
    """The web clock's date with the current time of day (aware)."""
    local = timezone.localtime()
    return local.replace(year=today().year, month=today().month, day=today().day)


def _classification(f) -> Classification | None:
    if not f.get("disclosure"):
        return None
    return Classification(f["disclosure"], f.get("ground") or "", f.get("disclosure_reason") or "")


def _review(f) -> ConfidentialityReview | None:
    if not f.get("review_conclusion"):
        return None
    return ConfidentialityReview(f.get("reviewer_name") or "", f.get("reviewed_on") or f.get("formed_on"),
                                 f["review_conclusion"], f.get("review_note") or "")


def _library_fields(f: dict) -> dict:
    return dict(document_number=f.get("document_number") or "", issuer=f.get("issuer") or "",
                changed_on=f.get("changed_on"), summary=f.get("summary") or "", body=f.get("body") or "",
                document_kind=f.get("document_kind") or "", classification=_classification(f),
                confidentiality_review=_review(f))


def to_publication(item: Item, events=None) -> Publication:
    """The library value of a stored item (its events are the review record)."""
    evs = item.events.all() if events is None else events
    f = {k: getattr(item, k) for k in ITEM_FIELDS}
    return Publication(
        id=item.number, agency=item.agency.name, category=item.category, title=item.title, formed_on=item.formed_on,
        state=item.state, published_on=item.published_on,
        events=tuple(ReviewEvent(e.kind, e.actor, e.role, timezone.localtime(e.at), e.comment, e.state) for e in evs),
        supersedes=item.supersedes.number if item.supersedes_id else "", **_library_fields(f))


def deadline_of(item: Item):
    """(PublicationDeadline or None, Chinese calendar error or "")."""
    try:
        return publication_deadline(to_publication(item, []), office_cal()), ""
    except CalendarUnavailable as e:
        return None, str(e)


def _due(item: Item):
    dl, _ = deadline_of(item)
    return dl.due if dl else None


def next_number(agency, year: int) -> str:
    prefix = f"{year}-"
    last = (Item.objects.filter(agency=agency, number__startswith=prefix).order_by("-number")
            .values_list("number", flat=True).first())
    n = int(last[len(prefix):]) + 1 if last and last[len(prefix):].isdigit() else 1
    return f"{prefix}{n:05d}"


def _add_event(item: Item, pub: Publication) -> None:
    e = pub.events[-1]
    seq = item.events.count() + 1
    ItemEvent.objects.create(item=item, seq=seq, kind=e.kind, actor=e.actor, role=e.role, at=e.at,
                             comment=e.comment, state=e.state)


def create_item(user, fields: dict, *, request=None) -> Item:
    """起草: validate through the library (``new_publication``) and store."""
    at = now()
    number = next_number(user.agency, at.year)
    pub = new_publication(id=number, agency=user.agency.name, category=fields["category"], title=fields["title"],
                          formed_on=fields["formed_on"], actor=actor_of(user), at=at, today=today(),
                          **_library_fields(fields))
    item = Item(agency=user.agency, number=number, **{k: fields.get(k) if fields.get(k) is not None else
                                                      Item._meta.get_field(k).get_default() for k in ITEM_FIELDS})
    item.state = pub.state
    item.due = _due(item)
    try:
        with transaction.atomic():
            item.save()
            _add_event(item, pub)
    except IntegrityError:
        raise PublicationError(f"索引号 {number} 已被占用，请重试。") from None
    record(user, "publication_create", item, new={"number": number, "title": item.title}, request=request)
    return item


def _bump(item: Item, version: int, **changes) -> None:
    n = Item.objects.filter(pk=item.pk, version=version).update(version=F("version") + 1, **changes)
    if n != 1:
        raise EditConflict(f"信息「{item.title}」已被他人修改（您打开的是第 {version} 版）。本次操作未保存，请刷新页面后重试。")
    item.version = version + 1
    for k, v in changes.items():
        setattr(item, k, v)


def revise_item(user, item: Item, version: int, fields: dict, *, request=None) -> Item:
    """修改 (draft or returned only; the library refuses otherwise)."""
    changes = {k: fields.get(k) if fields.get(k) is not None else Item._meta.get_field(k).get_default()
               for k in ITEM_FIELDS if k in fields}
    changes = {k: v for k, v in changes.items() if getattr(item, k) != v}
    with transaction.atomic():
        item = Item.objects.select_for_update().get(pk=item.pk)
        pub = to_publication(item)
        merged = {k: getattr(item, k) for k in ITEM_FIELDS} | changes
        if item.supersedes_id and merged["formed_on"] != item.supersedes.formed_on:
            raise PublicationError(f"无法保存信息「{item.title}」：新版本的形成日期应与原信息 {item.supersedes.number} 相同"
                                   f"（{item.supersedes.formed_on}）；信息变更的日子请填在“变更日期”。", item=item.number)
        if item.supersedes_id and item.state in ("draft", "returned"):
            found = version_date_problems(to_publication(item.supersedes), merged["changed_on"])
            if found:
                raise PublicationError(f"无法保存信息「{item.title}」（{item.supersedes.number} 的新版本）："
                                       f"{'；'.join(found)}，请核对日期。", item=item.number)
        lib = {"category": merged["category"], "title": merged["title"], "formed_on": merged["formed_on"],
               **_library_fields(merged)}
        # only what changed goes to the library, so the 办理记录 lists the fields really changed
        pub = revise(pub, actor=actor_of(user), at=now(), today=today(),
                     **{k: v for k, v in lib.items() if getattr(pub, k) != v})
        for k, v in changes.items():
            setattr(item, k, v)
        changes["due"] = _due(item)
        _bump(item, version, **changes)
        _add_event(item, pub)
    record(user, "publication_revise", item, new={k: str(v) for k, v in changes.items()}, request=request)
    return item


STEPS = {"submit": submit, "approve": approve, "return": return_for_revision, "sign_off": sign_off}


def step(user, item: Item, version: int, kind: str, comment: str = "", *, request=None) -> Item:
    """One review step (submit / approve / return / sign_off) through the library state machine."""
    if kind not in STEPS:
        raise PublicationError(f"未知的操作“{kind}”。")
    with transaction.atomic():
        item = Item.objects.select_for_update().select_related("agency").get(pk=item.pk)
        if item.version != version:
            _bump(item, version)  # raises EditConflict
        pub = to_publication(item)
        kwargs = {"comment": comment} if kind in ("approve", "return", "sign_off") else {}
        new = STEPS[kind](pub, actor=actor_of(user), at=now(), today=today(), **kwargs)
        _bump(item, version, state=new.state, published_on=new.published_on)
        _add_event(item, new)
        old = None
        if kind == "sign_off" and item.supersedes_id and new.state == "published":
            # 变更: the version it replaces leaves the catalogue in the same transaction
            old = Item.objects.select_for_update().select_related("agency").get(pk=item.supersedes_id)
            gone = supersede(to_publication(old), new)
            _bump(old, old.version, state=gone.state)
            _add_event(old, gone)
    record(user, f"publication_{kind}", item, new={"state": item.state, "comment": comment}, request=request)
    if old is not None:
        record(user, "publication_superseded", old, new={"state": old.state, "by": item.number,
                                                         "changed_on": str(item.changed_on)}, request=request)
    return item


def open_version_of(item: Item) -> Item | None:
    """The new version of ``item`` still in the review chain, if any."""
    return item.versions.filter(state__in=OPEN_STATES).first()


def current_version(item: Item) -> Item:
    """The published version that replaced ``item`` (following 变更 until the current one); ``item`` itself
    when it was not superseded."""
    seen = {item.pk}
    while item.state == "superseded":
        nxt = item.versions.filter(state__in=WAS_PUBLISHED_STATES).order_by("-pk").first()
        if nxt is None or nxt.pk in seen:
            break
        seen.add(nxt.pk)
        item = nxt
    return item


def new_version_item(user, item: Item, version: int, changed_on, *, request=None) -> Item:
    """变更（起草新版本）of a published item: the library's ``new_version`` decides; a new draft item with its
    own 索引号, ``supersedes`` = ``item``, the attachments carried over.  ``item`` stays public until the new
    version is signed off (:func:`step`)."""
    at = now()
    with transaction.atomic():
        old = Item.objects.select_for_update().select_related("agency").get(pk=item.pk)
        if old.version != version:
            _bump(old, version)  # raises EditConflict
        versions = [to_publication(v, []) for v in old.versions.select_related("supersedes")]
        number = next_number(old.agency, at.year)
        pub = new_version(to_publication(old), id=number, changed_on=changed_on, actor=actor_of(user), at=at,
                          today=today(), versions=versions)
        new = Item(agency=old.agency, number=number, supersedes=old, state=pub.state,
                   **{k: getattr(old, k) for k in ITEM_FIELDS})
        new.changed_on = pub.changed_on
        new.due = _due(new)
        try:
            with transaction.atomic():
                new.save()
        except IntegrityError:
            raise PublicationError(f"索引号 {number} 已被占用，或本信息已有正在办理的新版本，请刷新页面后重试。") from None
        _add_event(new, pub)
        for a in old.attachments.all():
            ItemAttachment.objects.create(item=new, file=a.file.name, name=a.name, size=a.size,
                                          content_type=a.content_type, sha256=a.sha256)
    record(user, "publication_new_version", new, new={"number": number, "supersedes": old.number,
                                                      "changed_on": str(changed_on), "title": new.title},
           request=request)
    return new


def add_attachment(user, item: Item, upload, *, request=None) -> ItemAttachment:
    if item.state not in ("draft", "returned"):
        raise PublicationError("只有草稿或已退回的信息才能添加附件（审核、签发后内容不再改变）。")
    name, ctype = check_upload(upload, settings.GONGKAI_ATTACHMENT_MAX_BYTES)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    att = ItemAttachment(item=item, name=name, size=upload.size, content_type=ctype, sha256=digest.hexdigest())
    att.file.save(name, upload, save=False)
    att.save()
    record(user, "publication_attachment", item, new={"name": name, "size": upload.size}, request=request)
    return att


# ------------------------------------------------------------------ 规章 / 行政规范性文件
def to_document(d: DocumentRecord) -> NormativeDocument:
    return NormativeDocument(str(d.pk), d.agency.name if d.agency_id else "", d.kind, d.title, d.document_number,
                             d.issued_on, d.issuer, tuple(dt.date.fromisoformat(x) for x in d.amended_on),
                             d.ended_on, d.end_kind, d.item.number if d.item_id else "")


def issue_document(user, fields: dict, *, request=None) -> DocumentRecord:
    """制发 of a 规章/行政规范性文件: refused (LifecycleError, Chinese) when the agency already registered
    it (same kind and 文号, or same title and date when there is no 文号), when its date is after today
    or its 文号 year disagrees with it."""
    d = DocumentRecord(agency=user.agency, **fields)
    same = DocumentRecord.objects.filter(agency=user.agency, kind=d.kind)
    same = same.filter(document_number=d.document_number) if d.document_number.strip() else \
        same.filter(title=d.title, issued_on=d.issued_on)
    twin = same.first()
    if twin is not None:
        raise LifecycleError(f"{twin.get_kind_display()}「{twin.title}」（{twin.document_number or twin.issued_on}）"
                             "已经登记过，不能重复登记；登记有误的，请在原登记上“撤销登记”后重新登记。")
    to_document(d)  # validates (LifecycleError)
    issue(id="", agency=user.agency.name, kind=d.kind, title=d.title, document_number=d.document_number,
          issued_on=d.issued_on, issuer=d.issuer, today=today())  # 制发 not after today
    d.save()
    record(user, "document_lifecycle", d, new={"action": "issue", "title": d.title, "on": d.issued_on.isoformat()},
           request=request)
    return d


def document_action(user, d: DocumentRecord, action: str, on: dt.date, *, request=None) -> DocumentRecord:
    """修改 / 废止 / 失效 of a stored document (library rules: nothing after it ended)."""
    if action == "void":
        return void_document(user, d, request=request)
    fn = {"amend": amend, "repeal": repeal, "expire": expire}.get(action)
    if fn is None:
        raise PublicationError(f"未知的操作“{action}”。")
    new = fn(to_document(d), on, today=today())
    d.amended_on = [x.isoformat() for x in new.amended_on]
    d.ended_on, d.end_kind = new.ended_on, new.end_kind
    d.save()
    record(user, "document_lifecycle", d, new={"action": action, "on": on.isoformat()}, request=request)
    return d


def void_document(user, d: DocumentRecord, *, request=None) -> DocumentRecord:
    """撤销登记: remove an entry made in error (a duplicate, a wrong document) — not a 废止, which is a
    legal act counted in table 二.  The audit log keeps what was removed."""
    old = {"kind": d.kind, "title": d.title, "document_number": d.document_number,
           "issued_on": d.issued_on.isoformat(), "amended_on": d.amended_on,
           "ended_on": d.ended_on.isoformat() if d.ended_on else None, "end_kind": d.end_kind}
    record(user, "document_void", d, old=old, new={"action": "void"}, request=request)
    d.delete()
    return d


# ------------------------------------------------------------------ 表二 （五）（六）（八）
def save_figure(user, year: int, row: str, value: str, source: str, *, request=None) -> Figure:
    fig = YearlyFigure(user.agency.name, year, row, value, source, user.display_name, today())  # validates
    obj, _ = Figure.objects.update_or_create(agency=user.agency, year=year, row=row, defaults={
        "value": str(fig.value), "source": source.strip(), "entered_by": user.display_name, "entered_on": today()})
    record(user, "figure_save", obj, new={"year": year, "row": row, "value": str(fig.value), "source": source},
           request=request)
    return obj


def to_figure(f: Figure) -> YearlyFigure:
    return YearlyFigure(f.agency.name, f.year, f.row, Decimal(f.value) if f.row == "administrative_fees" else int(f.value),
                        f.source, f.entered_by, f.entered_on)


def register_of(agency_ids, year: int):
    """(publications, documents, figures) of the agencies, for counting."""
    # a version superseded by a later one (变更) still counts for the year it was published in
    items = (Item.objects.filter(agency_id__in=agency_ids, state__in=WAS_PUBLISHED_STATES,
                                 published_on__year=year)
             .select_related("agency", "supersedes"))
    pubs = [to_publication(i, []) for i in items]
    docs = [to_document(d) for d in DocumentRecord.objects.filter(agency_id__in=agency_ids)
            .select_related("agency", "item")]
    figs = [to_figure(f) for f in Figure.objects.filter(agency_id__in=agency_ids, year=year).select_related("agency")]
    return pubs, docs, figs


def registers_of(agency_ids, year: int) -> dict[int, tuple[list, list, list]]:
    """:func:`register_of` of each agency of ``agency_ids`` (every id a key), in the same three queries."""
    out: dict[int, tuple[list, list, list]] = {aid: ([], [], []) for aid in agency_ids}
    for i in (Item.objects.filter(agency_id__in=agency_ids, state__in=WAS_PUBLISHED_STATES, published_on__year=year)
              .select_related("agency", "supersedes")):
        out[i.agency_id][0].append(to_publication(i, []))
    for d in DocumentRecord.objects.filter(agency_id__in=agency_ids).select_related("agency", "item"):
        out[d.agency_id][1].append(to_document(d))
    for f in Figure.objects.filter(agency_id__in=agency_ids, year=year).select_related("agency"):
        out[f.agency_id][2].append(to_figure(f))
    return out



def items_of(agency_id):
    """The agency's register items in id order (the 待办 picks those at each person's step)."""
    return Item.objects.filter(agency_id=agency_id).order_by("id")

__all__ = ["EditConflict", "CaseworkError", "create_item", "revise_item", "step", "new_version_item", "open_version_of",
           "current_version", "add_attachment", "issue_document",
           "document_action", "save_figure", "items_of", "deadline_of", "to_publication", "register_of", "registers_of"]
