"""The review chain (审核签发) of a register item as a state machine.

The seed's practice: staff collect each post's information, the 主管领导 and then the 主要领导
check it — so that nothing that must stay closed is published and nothing that must be published
is missed — then it goes onto the website.  Steps (state ids of :mod:`gongkai.publications.model`):

==============  ===============================  ==================================  ==========
step            who                              from                                to
==============  ===============================  ==================================  ==========
create 起草      经办人 clerk                     —                                   draft
revise 修改      经办人 clerk                     draft, returned                     (unchanged)
submit 提交审核  经办人 clerk                     draft, returned                     pending_review
approve 审核通过 审核人 reviewer (主管领导)        pending_review                      pending_signoff
return 退回      审核人 at pending_review,         pending_review, pending_signoff     returned
                 签发人 at pending_signoff
sign_off 签发    签发人 signatory (主要领导)       pending_signoff                     published (主动公开)
                                                                                     / filed (依申请公开、不予公开)
new_version 变更 经办人 clerk                     published (主动公开)                 new item: draft
（起草新版本）                                                                        (the original stays published)
==============  ===============================  ==================================  ==========

变更 (第二十六条 "形成或者变更"): :func:`new_version` drafts a new item copying the published one, with
``changed_on`` (its 20 working days run from it) and ``supersedes`` naming the original; it goes through
the same chain.  When it is signed off, :func:`supersede` turns the original into ``superseded``
(已被新版本替代); the original keeps its ``published_on`` and still counts for the year it was published
in.  Only one new version of an item may be open (in the chain) at a time.

Every step is recorded (:class:`~gongkai.publications.model.ReviewEvent`: who, role, date and time,
comment).  A return needs a comment.  The reviewer may not review an item they submitted, and the
signatory may not sign an item they approved as reviewer (two different people check it — the
seed's practice; the 条例 itself only requires a 审查机制, 第十七条).  A refused step raises
:class:`~gongkai.publications.errors.ReviewRefused` with a Chinese message.  Every function is pure:
``at`` (the time of the step) is a parameter.

``today`` (keyword, the caller's clock; None: not checked, e.g. replaying a stored history): the
register records what has happened, so a step dated after it — and so a publication date after
it — is refused, and drafting, revising and sign-off refuse an item whose 形成/变更 date,
公开属性认定 date or 保密审查 date lies after it (:func:`future_dates`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from .categories import CATEGORIES, FIRST_ITEM
from .errors import PublicationError, ReviewRefused
from .model import (CLERK, DOCUMENT_KINDS, DRAFT, EDITABLE_STATES, FILED, ON_REQUEST, OPEN_STATES, PENDING_REVIEW,
                    PENDING_SIGNOFF, PROACTIVE, PUBLISHABLE_CONCLUSIONS, PUBLISHED, RETURNED, REVIEWER, ROLES,
                    SIGNATORY, STATES, SUPERSEDED, WITHHELD, WITHHOLDING_GROUNDS, Actor, Publication, ReviewEvent)

#: step → (states it is allowed in, Chinese name)
TRANSITIONS: dict[str, tuple[frozenset, str]] = {
    "revise": (EDITABLE_STATES, "修改"),
    "submit": (EDITABLE_STATES, "提交审核"),
    "approve": (frozenset({PENDING_REVIEW}), "审核通过"),
    "return": (frozenset({PENDING_REVIEW, PENDING_SIGNOFF}), "退回修改"),
    "sign_off": (frozenset({PENDING_SIGNOFF}), "签发"),
}

#: fields a clerk may change with :func:`revise`
EDITABLE_FIELDS = frozenset({"category", "title", "formed_on", "document_number", "issuer", "changed_on", "summary",
                             "body", "document_kind", "attachments", "classification", "confidentiality_review",
                             "special_deadline"})


def _refuse(pub: Publication, kind: str, why: str) -> ReviewRefused:
    name = TRANSITIONS[kind][1] if kind in TRANSITIONS else kind
    return ReviewRefused(f"信息「{pub.title}」（{pub.id}）不能“{name}”：{why}", item=pub.id, step=kind, state=pub.state)


def _as_datetime(at) -> dt.datetime:
    if isinstance(at, dt.datetime):
        return at
    if isinstance(at, dt.date):
        return dt.datetime.combine(at, dt.time())
    raise PublicationError(f"操作时间「{at}」不是日期时间。")


def future_dates(pub: Publication, today: dt.date | None) -> list[str]:
    """The item's dates that lie after ``today`` (Chinese, one line each; empty when none or
    ``today`` is None): 形成日期, 变更日期, 公开属性认定日期, 保密审查日期."""
    if today is None:
        return []
    c, r = pub.classification, pub.confidentiality_review
    dates = [("形成日期", pub.formed_on), ("变更日期", pub.changed_on),
             ("公开属性认定日期", c.decided_on if c is not None else None),
             ("保密审查日期", r.reviewed_on if r is not None else None)]
    return [f"{label} {d} 晚于今天 {today}" for label, d in dates if isinstance(d, dt.date) and d > today]


def _refuse_future(pub: Publication, today: dt.date | None, what: str) -> None:
    found = future_dates(pub, today)
    if found:
        raise PublicationError(f"{what}「{pub.title}」：{'；'.join(found)}，尚未发生的事不能登记，请核对日期。",
                               item=pub.id)


def problems(pub: Publication, today: dt.date | None = None) -> list[str]:
    """What keeps ``pub`` from being submitted (Chinese, one line each; empty when ready).

    Checks: title, a known category, dates (formed ≤ changed; none after ``today``, see
    :func:`future_dates`), the 公开属性认定
    (不予公开 needs a 第十四—十六条 ground and a reason; 依申请公开 a reason), a 保密审查 whose
    conclusion allows publication for 主动公开 items (第十七条), 文号 and category for 规章 /
    行政规范性文件, and a special deadline's basis.
    """
    out = []
    if not pub.title.strip():
        out.append("标题为空")
    if pub.category not in CATEGORIES:
        out.append(f"信息类别「{pub.category}」不是条例第二十条、第二十一条列举的类别")
    if not isinstance(pub.formed_on, dt.date):
        out.append("缺少信息形成日期（第二十六条期限自形成或者变更之日起算）")
    elif pub.changed_on is not None and pub.changed_on < pub.formed_on:
        out.append(f"变更日期 {pub.changed_on} 早于形成日期 {pub.formed_on}")
    out.extend(future_dates(pub, today))
    c = pub.classification
    if c is None:
        out.append("尚未作出公开属性认定（主动公开 / 依申请公开 / 不予公开）")
    elif c.kind == WITHHELD:
        if c.ground not in WITHHOLDING_GROUNDS:
            out.append("不予公开须注明条例第十四条、第十五条或第十六条规定的理由")
        if not c.reason.strip():
            out.append("不予公开须写明具体理由")
    elif c.kind == ON_REQUEST:
        if not c.reason.strip():
            out.append("依申请公开须写明不列入主动公开的理由")
    elif c.kind != PROACTIVE:
        out.append(f"公开属性「{c.kind}」无法识别")
    r = pub.confidentiality_review
    if c is not None and c.kind == PROACTIVE:
        if r is None:
            out.append("主动公开的信息须先经保密审查（条例第十七条），尚无保密审查记录")
        elif r.conclusion == "referred":
            out.append("保密审查已报有关主管部门或保密行政管理部门确定（条例第十七条第三款），确定前不能提交")
        elif r.conclusion not in PUBLISHABLE_CONCLUSIONS:
            out.append(f"保密审查结论为「{r.label}」，与“主动公开”的认定矛盾")
    if r is not None and not r.reviewer.strip():
        out.append("保密审查记录缺少审查人")
    if pub.document_kind:
        if pub.document_kind not in DOCUMENT_KINDS:
            out.append(f"文件种类「{pub.document_kind}」应为规章或行政规范性文件")
        if pub.category != FIRST_ITEM:
            out.append(f"{DOCUMENT_KINDS.get(pub.document_kind, '规章或行政规范性文件')}应归入第二十条第（一）项")
        if not pub.document_number.strip():
            out.append(f"{DOCUMENT_KINDS.get(pub.document_kind, '规章或行政规范性文件')}须填写文号")
    if pub.supersedes:
        if pub.changed_on is None:
            out.append(f"本信息是 {pub.supersedes} 的新版本（变更），须填写变更日期（第二十六条期限自变更之日起算）")
        if c is not None and c.kind != PROACTIVE:
            out.append(f"本信息是已公开信息 {pub.supersedes} 的新版本（变更），公开属性须为主动公开")
        if r is not None and pub.changed_on is not None and r.reviewed_on < pub.changed_on:
            out.append(f"变更后的内容须重新进行保密审查（条例第十七条）：保密审查日期 {r.reviewed_on} 早于变更日期 "
                       f"{pub.changed_on}，请审查变更后的内容并更新保密审查记录")
    s = pub.special_deadline
    if s is not None and (s.working_days < 1 or not s.basis.strip()):
        out.append("特别公开期限须为至少1个工作日，并写明依据的法律、法规条文（第二十六条“从其规定”）")
    return out


def new_publication(*, id: str, agency: str, category: str, title: str, formed_on: dt.date, actor: Actor,
                    at, today: dt.date | None = None, **fields) -> Publication:
    """Draft an item (起草).  ``actor`` must hold the clerk role.  Returns a ``draft`` item.

    Raises PublicationError when the id, agency or category is unusable, or (given ``today``)
    when ``at`` or one of the item's dates lies after today; ReviewRefused when the
    actor is not a 经办人.  Incomplete content (no classification yet …) does not block drafting;
    :func:`problems` lists it and :func:`submit` refuses it.
    """
    when = _as_datetime(at)
    if not str(id).strip() or not str(agency).strip():
        raise PublicationError("无法登记：信息编号或机关为空。")
    if category not in CATEGORIES:
        raise PublicationError(f"无法登记「{title}」：信息类别「{category}」不是条例第二十条、第二十一条列举的类别。")
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise PublicationError(f"无法登记「{title}」：未知字段 {', '.join(sorted(unknown))}。")
    if CLERK not in actor.roles:
        raise ReviewRefused(f"「{actor.name}」不是经办人，不能起草主动公开信息。", step="create")
    if today is not None and when.date() > today:
        raise PublicationError(f"无法登记「{title}」：操作日期 {when.date()} 晚于今天 {today}，尚未发生的事不能登记，"
                               "请核对日期。", item=str(id))
    pub = Publication(id=str(id), agency=agency, category=category, title=title, formed_on=formed_on, **fields,
                      events=(ReviewEvent("create", actor.name, CLERK, when, "", DRAFT),))
    _refuse_future(pub, today, "无法登记")
    return pub


def _check(pub: Publication, kind: str, actor: Actor, when: dt.datetime, role: str,
           today: dt.date | None = None) -> None:
    allowed, name = TRANSITIONS[kind]
    if pub.state not in allowed:
        ok = "、".join(f"「{STATES[s]}」" for s in STATES if s in allowed)
        raise _refuse(pub, kind, f"当前状态为「{STATES[pub.state]}」，只有{ok}的信息才能{name}。")
    if role not in actor.roles:
        raise _refuse(pub, kind, f"「{actor.name}」不是{ROLES[role]}，{ROLES[role]}才能{name}。")
    if pub.events and when < pub.events[-1].at:
        raise _refuse(pub, kind, f"操作时间 {when:%Y-%m-%d %H:%M} 早于上一步骤的时间 "
                                 f"{pub.events[-1].at:%Y-%m-%d %H:%M}，请按时间顺序办理。")
    if today is not None and when.date() > today:
        raise _refuse(pub, kind, f"操作日期 {when.date()} 晚于今天 {today}，尚未发生的事不能登记，请核对日期。")


def _step(pub: Publication, kind: str, actor: Actor, when: dt.datetime, role: str, state: str,
          comment: str = "", **changes) -> Publication:
    event = ReviewEvent(kind, actor.name, role, when, comment, state)
    return dataclasses.replace(pub, state=state, events=(*pub.events, event), **changes)


def revise(pub: Publication, *, actor: Actor, at, today: dt.date | None = None, **changes) -> Publication:
    """Change fields of a draft or returned item (经办人).  Unknown fields raise PublicationError,
    and so (given ``today``) do dates of the revised item after today."""
    when = _as_datetime(at)
    _check(pub, "revise", actor, when, CLERK, today)
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise PublicationError(f"信息「{pub.title}」：不能修改字段 {', '.join(sorted(unknown))}。")
    new = _step(pub, "revise", actor, when, CLERK, pub.state, ", ".join(sorted(changes)), **changes)
    _refuse_future(new, today, "无法保存信息")
    return new


def submit(pub: Publication, *, actor: Actor, at, today: dt.date | None = None) -> Publication:
    """经办人 submits the item to the 审核人.  Refused (ReviewRefused listing every problem of
    :func:`problems`) when the item is incomplete."""
    when = _as_datetime(at)
    _check(pub, "submit", actor, when, CLERK, today)
    found = problems(pub, when.date())
    if found:
        raise _refuse(pub, "submit", "；".join(found) + "。")
    return _step(pub, "submit", actor, when, CLERK, PENDING_REVIEW)


def approve(pub: Publication, *, actor: Actor, at, comment: str = "", today: dt.date | None = None) -> Publication:
    """审核人（主管领导）approves; the item goes to the 签发人.  The reviewer may not be the item's
    submitter."""
    when = _as_datetime(at)
    _check(pub, "approve", actor, when, REVIEWER, today)
    if actor.name == pub.drafter:
        raise _refuse(pub, "approve", f"「{actor.name}」是本信息的经办人，不能审核自己提交的信息，请由主管领导审核。")
    return _step(pub, "approve", actor, when, REVIEWER, PENDING_SIGNOFF, comment)


def return_for_revision(pub: Publication, *, actor: Actor, at, comment: str,
                        today: dt.date | None = None) -> Publication:
    """退回修改: by the 审核人 (pending_review) or the 签发人 (pending_signoff), with a comment the
    经办人 sees (``Publication.return_comment``)."""
    when = _as_datetime(at)
    role = REVIEWER if pub.state == PENDING_REVIEW else SIGNATORY
    _check(pub, "return", actor, when, role, today)
    if not (comment or "").strip():
        raise _refuse(pub, "return", "退回须写明意见，告诉经办人需要修改什么。")
    return _step(pub, "return", actor, when, role, RETURNED, comment.strip())


def sign_off(pub: Publication, *, actor: Actor, at, comment: str = "", today: dt.date | None = None) -> Publication:
    """签发人（主要领导）signs: a 主动公开 item is published that day (``published_on``); an item
    classified 依申请公开 or 不予公开 is filed with its classification on record.  The signatory
    may not be the reviewer who approved it.  Given ``today``, a sign-off (so a publication date)
    after it, or an item with a date after it, is refused."""
    when = _as_datetime(at)
    _check(pub, "sign_off", actor, when, SIGNATORY, today)
    approvals = pub.events_of("approve")
    if approvals and approvals[-1].actor == actor.name:
        raise _refuse(pub, "sign_off", f"「{actor.name}」已作为审核人审核本信息，签发须由另一位领导（主要领导）办理。")
    found = problems(pub, today)
    if found:
        raise _refuse(pub, "sign_off", "；".join(found) + "。")
    if pub.is_proactive:
        if when.date() < pub.formed_on:
            raise _refuse(pub, "sign_off", f"签发日期 {when.date()} 早于信息形成日期 {pub.formed_on}。")
        return _step(pub, "sign_off", actor, when, SIGNATORY, PUBLISHED, comment, published_on=when.date())
    return _step(pub, "sign_off", actor, when, SIGNATORY, FILED, comment)


# ------------------------------------------------------------------ 变更：新版本 (第二十六条)
def _refuse_change(pub: Publication, why: str) -> ReviewRefused:
    return ReviewRefused(f"信息「{pub.title}」（{pub.id}）不能“变更（起草新版本）”：{why}", item=pub.id,
                         step="new_version", state=pub.state)


def version_date_problems(original: Publication, changed_on, today: dt.date | None = None) -> list[str]:
    """What is wrong with ``changed_on`` as the 变更日期 of a new version of ``original`` (Chinese, one
    line each; empty when fine): missing, before the original's 形成/变更/公开 date, after ``today``."""
    if not isinstance(changed_on, dt.date):
        return ["缺少变更日期（第二十六条期限自变更之日起算）"]
    out = []
    for label, d in (("形成日期", original.formed_on), ("变更日期", original.changed_on),
                     ("公开日期", original.published_on)):
        if isinstance(d, dt.date) and changed_on < d:
            out.append(f"变更日期 {changed_on} 早于原信息的{label} {d}")
    if today is not None and changed_on > today:
        out.append(f"变更日期 {changed_on} 晚于今天 {today}，尚未发生的事不能登记")
    return out


def open_version(pub: Publication, versions=()) -> Publication | None:
    """The new version of ``pub`` still in the review chain among ``versions`` (None when there is none)."""
    return next((v for v in versions if v.supersedes == pub.id and v.state in OPEN_STATES), None)


def _check_new_version(pub: Publication, actor: Actor, versions=()) -> None:
    if CLERK not in actor.roles:
        raise _refuse_change(pub, f"「{actor.name}」不是经办人，经办人才能起草新版本。")
    if pub.state == SUPERSEDED:
        raise _refuse_change(pub, "本信息已被新版本替代，请在最新版本上办理变更。")
    if pub.state != PUBLISHED or not pub.is_proactive:
        raise _refuse_change(pub, f"当前状态为「{STATES.get(pub.state, pub.state)}」，只有已主动公开（「已公开」）的信息"
                                  "才能变更；尚未公开的信息请直接修改。")
    v = open_version(pub, versions)
    if v is not None:
        raise _refuse_change(pub, f"已有新版本 {v.id}（{STATES.get(v.state, v.state)}）正在办理，一次只能有一个"
                                  "未公开的新版本，请在该版本上继续。")


def may_new_version(pub: Publication, actor: Actor, versions=()) -> bool:
    """Whether :func:`new_version` would accept ``actor`` on ``pub`` (dates aside) — for the button."""
    try:
        _check_new_version(pub, actor, versions)
    except ReviewRefused:
        return False
    return True


def new_version(pub: Publication, *, id: str, changed_on: dt.date, actor: Actor, at, today: dt.date | None = None,
                versions=()) -> Publication:
    """变更 (第二十六条): draft a new version of the published 主动公开 item ``pub``.

    Returns a ``draft`` item ``id`` copying ``pub``'s editable fields, with ``changed_on`` (its
    第二十六条 period runs from it: :attr:`Publication.start_date`) and ``supersedes=pub.id``; ``pub``
    itself is unchanged (still public) until the new version is signed off (:func:`supersede`).

    ``versions``: the register's other items (or at least those superseding ``pub``), so that a second
    open new version is refused.  Raises ReviewRefused (not a 经办人; ``pub`` not published, superseded,
    or already with an open new version) or PublicationError (bad id; 变更日期 missing, before the
    original's 形成/变更/公开 date or after ``today``; ``at`` after today or before the original's last step).
    """
    when = _as_datetime(at)
    _check_new_version(pub, actor, versions)
    if not str(id).strip() or str(id) == pub.id:
        raise PublicationError(f"无法登记「{pub.title}」的新版本：新版本须有自己的信息编号（索引号）。", item=pub.id)
    found = version_date_problems(pub, changed_on, today)
    if found:
        raise PublicationError(f"无法登记「{pub.title}」的新版本：{'；'.join(found)}，请核对日期。", item=pub.id)
    if pub.events and when < pub.events[-1].at:
        raise _refuse_change(pub, f"操作时间 {when:%Y-%m-%d %H:%M} 早于上一步骤的时间 "
                                  f"{pub.events[-1].at:%Y-%m-%d %H:%M}，请按时间顺序办理。")
    if today is not None and when.date() > today:
        raise _refuse_change(pub, f"操作日期 {when.date()} 晚于今天 {today}，尚未发生的事不能登记，请核对日期。")
    copied = {f: getattr(pub, f) for f in EDITABLE_FIELDS if f != "changed_on"}
    new = Publication(id=str(id), agency=pub.agency, changed_on=changed_on, supersedes=pub.id, state=DRAFT,
                      events=(ReviewEvent("new_version", actor.name, CLERK, when,
                                          f"变更 {pub.id}（变更日期 {changed_on}）", DRAFT),), **copied)
    _refuse_future(new, today, "无法登记新版本")
    return new


def supersede(original: Publication, new: Publication) -> Publication:
    """The original once its new version ``new`` is signed off: state ``superseded``, ``published_on``
    kept, one ``supersede`` event (by the signatory, at the sign-off time).  Raises ReviewRefused when
    ``new`` is not a published version of ``original`` or ``original`` is not the published item."""
    if new.supersedes != original.id:
        raise _refuse_change(original, f"信息 {new.id} 不是本信息的新版本。")
    if new.state != PUBLISHED or not new.events_of("sign_off"):
        raise _refuse_change(original, f"新版本 {new.id} 尚未签发公开（当前状态为「{STATES.get(new.state, new.state)}」）。")
    if original.state != PUBLISHED:
        raise _refuse_change(original, f"当前状态为「{STATES.get(original.state, original.state)}」，"
                                       "只有「已公开」的信息才能被新版本替代。")
    signed = new.events_of("sign_off")[-1]
    event = ReviewEvent("supersede", signed.actor, signed.role, signed.at,
                        f"由新版本 {new.id} 替代（变更日期 {new.changed_on}）", SUPERSEDED)
    return dataclasses.replace(original, state=SUPERSEDED, events=(*original.events, event))


def allowed_steps(pub: Publication, actor: Actor | None = None) -> list[str]:
    """Steps the item's state allows (and, with ``actor``, that this person may take) — for buttons."""
    out = []
    for kind, (states, _) in TRANSITIONS.items():
        if pub.state not in states:
            continue
        if actor is not None:
            role = {"revise": CLERK, "submit": CLERK, "approve": REVIEWER, "sign_off": SIGNATORY,
                    "return": REVIEWER if pub.state == PENDING_REVIEW else SIGNATORY}[kind]
            if role not in actor.roles:
                continue
            if kind == "approve" and actor.name == pub.drafter:
                continue
            if kind == "sign_off" and pub.events_of("approve") and pub.events_of("approve")[-1].actor == actor.name:
                continue
        out.append(kind)
    return out


__all__ = ["TRANSITIONS", "EDITABLE_FIELDS", "problems", "future_dates", "new_publication", "revise", "submit", "approve",
           "return_for_revision", "sign_off", "allowed_steps", "new_version", "supersede", "may_new_version",
           "open_version", "version_date_problems"]
