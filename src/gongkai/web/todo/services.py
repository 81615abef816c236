"""What waits for a user, by role, as groups of items: the landing page, the count in the navigation,
``gongkai todo --user NAME`` and the daily e-mail digest all read :func:`todo_for`.

经办人（和同时办件的审核人、签发人）: cases overdue and due within 5 working days, 补正 periods that have run out,
new applications to accept, 主动公开 items returned for revision; 经办人: replies returned by the 审核人 (答复审核).
审核人 / 签发人: extension requests to approve (条例第三十三条), annual reports and 主动公开 items at their step;
审核人: replies waiting for 答复审核.  上级审查员: overdue cases in its subtree.
整改 (条例第四十七条): 经办人: the items issued to its unit not yet answered (with the due date); 上级审查员: the
items its units answered, waiting to be closed.
系统管理员: agencies missing what letters need.  安全管理员: locked accounts.
"""

from __future__ import annotations

import contextvars
import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Q
from django.urls import reverse

from gongkai.casework.model import CLARIFICATION, RECEIVED, REPLY_REVIEW

from ..accounts.models import CASE_ROLES, REPLY_REVIEWER_ROLES, User
from ..agencies.models import Agency
from ..cases.services import due_soon_limit, open_cases, overdue_q, pending_extensions, running_q
from ..clock import today
from ..deadlines import BASIS, publication_due
from ..reports.services import drafts as report_drafts
from ..reports.services import record_versions, record_versions_below

try:
    from gongkai.publications.model import PENDING_REVIEW, PENDING_SIGNOFF, RETURNED

    from ..publications.services import items_of
except ImportError:  # the publications app is optional
    items_of = None

try:
    from ..supervision.services import rectifications_to_answer, rectifications_to_close
except ImportError:  # the supervision app is optional
    rectifications_to_answer = rectifications_to_close = None

SHOW = 20  # items listed per group (the count is always the full number)


@dataclass
class Item:
    label: str
    url: str = ""
    note: str = ""


@dataclass
class Group:
    key: str
    title: str
    count: int = 0
    items: list[Item] = field(default_factory=list)
    more_url: str = ""

    @property
    def rest(self) -> int:
        return self.count - len(self.items)


def _case_item(c, note: str) -> Item:
    return Item(f"{c.number} {c.requester_name}：{c.description[:40]}", reverse("cases:detail", args=[c.pk]), note)


#: False while only the counts are wanted (the navigation's 待办（N）): no rows are read for the items
_WITH_ITEMS = contextvars.ContextVar("todo_with_items", default=True)


def _group(key, title, qs, make, more_url="") -> Group | None:
    n = qs.count()
    if not n:
        return None
    return Group(key, title, n, [make(x) for x in qs[:SHOW]] if _WITH_ITEMS.get() else [], more_url)


def _due_soon_limit(day):
    """The worklist's 即将到期 window (five working days); a week when the calendar cannot count."""
    return due_soon_limit(day) or day + dt.timedelta(days=7)


def _case_groups(base, specs) -> list[Group | None]:
    """Groups of ``base``'s cases, one per (key, title, filter, make, more_url): every count in one query
    (the navigation's 待办（N） asks on every page), then the items of the non-empty groups."""
    if not specs:
        return []
    n = base.aggregate(**{key: Count("id", filter=q) for key, _, q, _, _ in specs})
    with_items = _WITH_ITEMS.get()
    return [Group(key, title, n[key], [make(x) for x in base.filter(q)[:SHOW]] if with_items else [], url)
            if n[key] else None for key, title, q, make, url in specs]


def _cases(user, day, ids) -> list[Group | None]:
    base = open_cases(ids)
    cases_url = reverse("cases:worklist")
    limit = _due_soon_limit(day)
    specs = [
        ("overdue", "已超过答复期限", overdue_q(day),
         lambda c: _case_item(c, f"期限 {c.due:%Y-%m-%d}，已超期"), cases_url + "?tab=overdue"),
        ("due_soon", "5个工作日内到期", running_q() & Q(due__gte=day, due__lte=limit),
         lambda c: _case_item(c, f"期限 {c.due:%Y-%m-%d}" + ("（暂定）" if c.due_provisional else "")),
         cases_url + "?tab=due_soon"),
    ]
    if user.handles_cases:
        specs += [
            ("clarification_lapsed", "补正期限已过（登记收到的补正，或按视为放弃申请办结）",
             Q(state=CLARIFICATION, due__lt=day),
             lambda c: _case_item(c, f"补正期限 {c.due:%Y-%m-%d}"), cases_url + "?tab=paused"),
            # (those already listed as overdue or due soon are not listed twice)
            ("received", "其他待受理的申请", Q(state=RECEIVED) & ~Q(paused=False, due__lte=limit),
             lambda c: _case_item(c, f"收到 {c.received_on:%Y-%m-%d}"), cases_url),
        ]
    return _case_groups(base, specs + _reply_review(user))


def _reply_review(user) -> list[tuple]:
    """答复审核: replies waiting for the 审核人, and replies the 审核人 returned, for the 经办人 to revise (a reviewer
    sees the first, a clerk the second; each with the deadline, which keeps running)."""

    mine = Q(agency_id=user.agency_id)
    due = lambda c: f"，期限 {c.due:%Y-%m-%d}" if c.due else ""  # noqa: E731
    if user.role in REPLY_REVIEWER_ROLES:
        return [("reply_review", "待审核的答复", mine & Q(state=REPLY_REVIEW),
                 lambda c: _case_item(c, f"经办人 {c.handler}" + due(c)),
                 reverse("cases:worklist") + f"?tab=all&state={REPLY_REVIEW}")]
    if user.role == "clerk":
        return [("reply_returned", "退回修改的答复", mine & ~Q(reply_returned=""),
                 lambda c: _case_item(c, f"退回理由：{c.reply_returned[:60]}" + due(c)), "")]
    return []


def _publications(user) -> list[Group | None]:
    if items_of is None:  # the publications app is optional
        return []
    qs = items_of(user.agency_id)
    make = (lambda p: Item(p.title, reverse("publications:detail", args=[p.pk]), p.state_label))
    url = reverse("publications:register")
    if user.role == "clerk":
        return [_group("pub_returned", "退回修改的主动公开信息", qs.filter(state=RETURNED), make, url)]
    if user.role == "reviewer":
        return [_group("pub_review", "待审核的主动公开信息", qs.filter(state=PENDING_REVIEW), make, url)]
    if user.role == "signatory":
        return [_group("pub_sign", "待签发的主动公开信息", qs.filter(state=PENDING_SIGNOFF), make, url)]
    return []


def _heads(user) -> list[Group | None]:
    out = [_group("extensions", "待批准的延期申请（条例第三十三条）", pending_extensions(user.agency_id),
                  lambda c: _case_item(c, f"提请延期 {(c.pending_extension or {}).get('days', '')} 个工作日"))]
    previous = "clerk" if user.role == "reviewer" else "reviewer"
    step = "审核" if user.role == "reviewer" else "签发"
    drafts = [d for d in report_drafts([user.agency_id]).select_related("agency").order_by("year")
              if previous in (d.signoffs or {}) and user.role not in (d.signoffs or {})]
    if drafts:
        out.append(Group("reports", f"待{step}的年度报告", len(drafts),
                         [Item(str(d), reverse("reports:workspace", args=[d.agency_id, d.year]), d.status)
                          for d in drafts]))
    return out


#: the season of 条例第四十九条 in which last year's report is a 待办: 1 January to the latest statutory date
#: (a 县级以上地方人民政府's own report, 3月31日); a unit listed after its own date is marked 已逾期
SEASON_END = (3, 31)


def _due_note(year: int, agency, day, agencies: dict | None = None) -> str:
    """When ``agency``'s report for ``year`` is due, by its level (条例第四十九条; :func:`publication_due`)."""
    due, basis = publication_due(year, agency, agencies)
    if due is None:
        return "条例未规定乡镇的期限"
    where = {BASIS["department"]: "条例第四十九条第一款", BASIS["government"]: "条例第四十九条第二款，本级政府年报"}
    return f"{due.month}月{due.day}日前公布（{where.get(basis, '本地规定')}）" + ("，已逾期" if day > due else "")


def _staffed(ids) -> set[int]:
    """The agencies (of ``ids``) that draft their reports here: with an active 经办人, 审核人 or 签发人 account."""
    return set(User.objects.filter(agency_id__in=ids, is_active=True, role__in=CASE_ROLES)
               .values_list("agency_id", flat=True).distinct())


def _in_season(day) -> bool:
    return (day.month, day.day) <= SEASON_END


def _annual_reports(user, day, ids, staffed: set[int] | None = None) -> list[Group | None]:
    """From 1 January to 31 March (条例第四十九条: a 部门's published by 31 January, a 县级以上地方人民政府's own by
    31 March, a 乡镇's by no date the 条例 sets): last year's reports not yet at their end — the clerk's own not
    submitted, a supervisor's units not signed — each with its own date.  Only units that owe that year's
    report (:meth:`Agency.owes_report`: set up, or on the platform, by then) and that draft it here (have a
    经办人, 审核人 or 签发人 account) are listed."""
    year = day.year - 1
    if not _in_season(day):
        return []
    if user.role == "supervisor":
        # (only the columns the count needs: the drafts' sign-offs, not their text; the units' dates and levels)
        signed = {d.agency_id for d in report_drafts(ids, year).only("agency_id", "signoffs") if d.is_signed}
        staffed = _staffed(ids) if staffed is None else staffed
        units = {a.id: a for a in Agency.objects.filter(id__in=staffed - signed).order_by("id")
                 .only("id", "name", "kind", "parent_id", "established_on", "added_on")}
        rest = [a for a in units.values() if a.owes_report(year)]
        return [Group("reports_unsigned", f"尚未签发的{year}年度报告（条例第四十九条）", len(rest),
                      [Item(a.name, reverse("reports:workspace", args=[a.id, year]), _due_note(year, a, day, units))
                       for a in rest[:SHOW]],
                      reverse("reports:overview", args=[year]))] if rest else []
    if user.role == "clerk" and user.agency_id is not None and user.agency.owes_report(year):
        d = report_drafts([user.agency_id], year).only("signoffs").first()
        if d is None or "clerk" not in (d.signoffs or {}):
            note = _due_note(year, user.agency, day) if _WITH_ITEMS.get() else ""  # (the count reads no titles)
            return [Group("report_submit", f"{year}年度报告尚未提交，{note}", 1,
                          [Item(f"{user.agency.name}{year}年度报告", reverse("reports:workspace",
                                                                       args=[user.agency_id, year]), note)])]
    return []


def _rectifications(user, day) -> list[Group | None]:
    """整改 (条例第四十七条): the unit's clerk sees the items still to answer, with their due date; the 上级审查员
    sees the items its units answered, waiting to be closed (已整改 / 已撤销)."""
    if rectifications_to_answer is None:
        return []
    if user.role == "clerk" and user.agency_id is not None:
        mine = rectifications_to_answer(user.agency_id)
        return [_group("rectify_todo", "待整改的事项（上级下发，报送整改情况）", mine,
                       lambda it: Item(f"{it.year}年度年报：{it.description[:60]}",
                                       reverse("supervision:my_rectifications"),
                                       f"整改期限 {it.due_on:%Y-%m-%d}" + ("，已逾期" if it.due_on < day else "")),
                       reverse("supervision:my_rectifications"))]
    if user.role == "supervisor":
        answered = rectifications_to_close(user)
        return [_group("rectify_answered", "已报送整改情况、待办结的整改事项", answered,
                       lambda it: Item(f"{it.agency.name} {it.year}年度：{it.description[:60]}",
                                       reverse("supervision:dashboard") + f"?year={it.year}",
                                       f"{it.responded_by} 已报送整改情况"),
                       reverse("supervision:dashboard"))]
    return []


def _sysadmin(user) -> list[Group | None]:
    items = []
    # (a 停用 unit answers no more applications: its details are not asked for)
    for a in Agency.objects.filter(deactivated_on__isnull=True).select_related("parent").order_by("id"):
        missing = [label for label, ok in (("行政复议机关", a.review_body or a.suggested_review_body()),
                                           ("联系电话", a.contact), ("受理地址", a.address)) if not ok]
        if missing:
            items.append(Item(a.name, reverse("agencies:edit", args=[a.pk]), "缺少" + "、".join(missing)))
    return [Group("agencies", "机关信息不全（答复书和公开指南需要）", len(items), items[:SHOW])] if items else []


def _secadmin(user) -> list[Group | None]:
    from django.utils import timezone

    qs = User.objects.filter(locked_until__gt=timezone.now()).order_by("username")
    return [_group("locked", "因登录失败被锁定的账户", qs,
                   lambda u: Item(f"{u.username} {u.full_name}", reverse("accounts:security"),
                                  f"锁定至 {timezone.localtime(u.locked_until):%H:%M}"))]


#: the roles of a unit's own staff, whose 待办 (but for 整改) is counted from their unit's records alone
UNIT_ROLES = ("clerk", "reviewer", "signatory")


def _unit_groups(user, day, ids) -> list[Group | None]:
    """A unit's own 经办人/审核人/签发人: the groups counted from the unit's cases, report drafts, 主动公开 register
    and agency row — every table the unit's record version watches (:func:`count_for`)."""
    groups = _cases(user, day, ids)
    if user.role in ("reviewer", "signatory"):
        groups += _heads(user)
    groups += _publications(user)
    if user.role == "clerk":
        groups += _annual_reports(user, day, ids)
    return groups


def todo_for(user, day: dt.date | None = None) -> list[Group]:
    """The groups waiting for ``user`` (only the non-empty ones), most urgent first."""
    day = day or today()
    groups: list[Group | None] = []
    ids = user.scope_agencies()  # (a supervisor's subtree as a subquery: no thousands of parameters)
    if user.role in UNIT_ROLES:
        groups += _unit_groups(user, day, ids)
    if user.role == "supervisor":
        groups += _cases(user, day, ids)
        groups += _annual_reports(user, day, ids)
    if user.role in ("clerk", "supervisor"):
        groups += _rectifications(user, day)
    if user.role == "sysadmin":
        groups += _sysadmin(user)
    if user.role == "secadmin":
        groups += _secadmin(user)
    return [g for g in groups if g is not None]


#: user id → (key, count) of the groups :func:`count_for` keeps, per server process (one entry per user: bounded
#: by the accounts)
_KEPT_COUNTS: dict[int, tuple[tuple, int]] = {}


def forget_kept_counts() -> None:
    """Forget the kept counts (tests: each test's database gives the same ids again)."""
    _KEPT_COUNTS.clear()


def count_for(user) -> int:
    """The navigation's 待办（N） on every page: the sum of :func:`todo_for`'s counts, without reading the items.

    The groups counted from records that the **record versions** watch (gongkai.web.reports.versions: a
    database trigger gives an agency a new number on any write to its cases and their events, report drafts,
    主动公开 register or agency row, however written) are kept in this process under the versions they were
    counted at, the day and the 即将到期 window — several queries, most of the navigation's cost, read again only
    when one of those changed.  A number, once replaced, never comes back, so a kept count is never read under
    a later state.  A unit's own 经办人/审核人/签发人: :func:`_unit_groups` under the unit's version.  A 上级审查员:
    the cases and (1 January – 31 March) the reports not yet signed, under the versions of every agency of its
    subtree (one query) and the set of units with accounts (the one input no version watches).  The 整改 items
    (a table no version watches) are counted each time, and so are every other role's groups.  An agency with
    no version row (no record written since the migration) is kept under 0 with its id: a new agency is a new
    id in the key, and the database never gives an id twice."""
    token = _WITH_ITEMS.set(False)
    try:
        day = today()
        if user.agency_id is None or user.role not in (*UNIT_ROLES, "supervisor"):
            return sum(g.count for g in todo_for(user, day))
        rest = sum(g.count for g in _rectifications(user, day) if g is not None)  # (clerk, supervisor)
        ids = user.scope_agencies()
        if user.role == "supervisor":
            found = record_versions_below(user.agency_id)
            staffed = _staffed(ids) if _in_season(day) else set()

            def groups():
                return _cases(user, day, ids) + _annual_reports(user, day, ids, staffed)
        else:
            found = record_versions([user.agency_id])

            def groups():
                return _unit_groups(user, day, ids)
        if found is None:  # a database without the triggers
            return rest + sum(g.count for g in groups() if g is not None)
        key = (connection.settings_dict["NAME"], user.role, user.agency_id, day, _due_soon_limit(day),
               tuple(sorted(found.items())), tuple(sorted(staffed)) if user.role == "supervisor" else ())
        kept = _KEPT_COUNTS.get(user.pk)
        if kept is None or kept[0] != key:
            kept = (key, sum(g.count for g in groups() if g is not None))
            _KEPT_COUNTS[user.pk] = kept
        return rest + kept[1]
    finally:
        _WITH_ITEMS.reset(token)


def as_text(user, groups: list[Group], base_url: str = "") -> str:
    """Plain text for the command line and the e-mail digest."""
    head = f"{user.agency.name if user.agency_id else ''} {user.full_name or user.username}（{user.role_label}）的待办"
    if not groups:
        return head.strip() + "：没有待办事项。\n"
    lines = [head.strip() + f"：共 {sum(g.count for g in groups)} 项"]
    for g in groups:
        lines.append("")
        lines.append(f"【{g.title}】{g.count} 项")
        for it in g.items:
            note = f"（{it.note}）" if it.note else ""
            link = f"  {base_url}{it.url}" if base_url and it.url else ""
            lines.append(f"  - {it.label}{note}{link}")
        if g.count > len(g.items):
            lines.append(f"  ……另有 {g.count - len(g.items)} 项")
    return "\n".join(lines) + "\n"
