"""The 主动公开 deadline (条例第二十六条) and overdue flags.

"属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开。法律、法规对
政府信息公开的期限另有规定的，从其规定。"  Working days are counted with the shared calendar (gongkai.workdays)
(:mod:`gongkai.workdays.calendar`: State Council schedule with 调休; the start day is not counted;
shared/spec/working-days.md §2).  A year the calendar does not know is never guessed: the status
is ``calendar_unavailable`` — neither overdue nor on time (working-days.md §4 rule 1).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from ..workdays.calendar import WorkCalendar, WorkingDayCount, default_calendar, fmt_date
from ..casework.errors import CalendarUnavailable
from .model import Publication

PUBLICATION_DAYS = 20
BASIS = "条例第二十六条：自该政府信息形成或者变更之日起20个工作日内及时公开"

TIMELINESS = {
    "on_time": "按期公开",
    "late": "逾期公开",
    "pending": "待公开（未到期）",
    "overdue": "已超期未公开",
    "not_applicable": "不适用（非主动公开）",
    "calendar_unavailable": "无法计算期限（缺少节假日安排）",
}


@dataclass(frozen=True)
class PublicationDeadline:
    """The deadline of one item: ``count`` (with its day-by-day trail), ``basis`` (the provision),
    ``start_label`` ("形成之日" / "变更之日")."""

    count: WorkingDayCount
    basis: str
    start_label: str

    @property
    def due(self) -> dt.date:
        return self.count.due

    def trail(self) -> list[str]:
        """The calculation in Chinese, one line per fact (the provision first)."""
        return [f"依据：{self.basis}", *self.count.trail(self.start_label)]


def publication_deadline(pub: Publication, calendar: WorkCalendar | None = None) -> PublicationDeadline:
    """20 working days (or the item's ``special_deadline``) after the later of its formation and
    change dates.  Raises CalendarUnavailable when a needed year has no schedule."""
    cal = calendar or default_calendar()
    days, basis = PUBLICATION_DAYS, BASIS
    if pub.special_deadline is not None:
        days = pub.special_deadline.working_days
        basis = f"{pub.special_deadline.basis}（第二十六条：法律、法规另有规定的，从其规定）"
    label = "变更之日" if pub.changed_on and pub.changed_on > pub.formed_on else "形成之日"
    return PublicationDeadline(cal.add_working_days(pub.start_date, days), basis, label)


@dataclass(frozen=True)
class Timeliness:
    """Where an item stands on ``today``: ``status`` (:data:`TIMELINESS` id), ``due``, and
    ``days_late`` (working days past ``due``: at publication for ``late``, on ``today`` for
    ``overdue``); ``message`` the Chinese explanation."""

    item_id: str
    status: str
    due: dt.date | None
    days_late: int = 0
    message: str = ""
    #: the deadline rests on a year without an official holiday schedule (暂定)
    provisional: bool = False

    @property
    def flagged(self) -> bool:
        """True for items that broke the 20-day limit (late or overdue)."""
        return self.status in ("late", "overdue")

    @property
    def label(self) -> str:
        return TIMELINESS[self.status]


def timeliness(pub: Publication, today: dt.date, calendar: WorkCalendar | None = None) -> Timeliness:
    """The :class:`Timeliness` of ``pub`` on ``today``.

    Items not classified 主动公开 (and filed) are ``not_applicable``; an unclassified draft is
    treated as 主动公开 until decided — 第十三条: information is public unless an exemption applies.
    """
    cal = calendar or default_calendar()
    c = pub.classification
    if c is not None and c.kind != "proactive":
        return Timeliness(pub.id, "not_applicable", None, 0, f"公开属性为{c.label}，不适用第二十六条期限。")
    try:
        dl = publication_deadline(pub, cal)
        due = dl.due
        prov = dl.count.provisional
        note = f"（期限暂定：{dl.count.provisional_reason}）" if prov else ""
        if pub.published_on is not None:
            if pub.published_on <= due:
                return Timeliness(pub.id, "on_time", due, 0, f"{pub.published_on} 公开，期限 {fmt_date(due)}。{note}", prov)
            late = cal.working_days_between(due, pub.published_on)
            return Timeliness(pub.id, "late", due, late,
                              f"{pub.published_on} 公开，超过期限 {fmt_date(due)} {late} 个工作日。{note}", prov)
        if today > due:
            late = cal.working_days_between(due, today)
            return Timeliness(pub.id, "overdue", due, late,
                              f"期限 {fmt_date(due)} 已过 {late} 个工作日，尚未公开（条例第二十六条）。{note}", prov)
        return Timeliness(pub.id, "pending", due, 0, f"应于 {fmt_date(due)} 前公开。{note}", prov)
    except CalendarUnavailable as e:
        return Timeliness(pub.id, "calendar_unavailable", None, 0, str(e))


def overdue_items(pubs: Iterable[Publication], today: dt.date,
                  calendar: WorkCalendar | None = None) -> list[Timeliness]:
    """Unpublished 主动公开 items past their deadline on ``today``, most overdue first."""
    out = [t for t in (timeliness(p, today, calendar) for p in pubs) if t.status == "overdue"]
    return sorted(out, key=lambda t: (t.due, t.item_id))


__all__ = ["PUBLICATION_DAYS", "BASIS", "TIMELINESS", "PublicationDeadline", "publication_deadline", "Timeliness",
           "timeliness", "overdue_items"]
