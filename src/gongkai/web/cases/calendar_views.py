"""节假日安排: the 系统管理员 pastes the State Council's notice, checks the parsed calendar, and loads it; every
open case's deadline is then recounted (changes on each case's timeline and the worklist)."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import render

from gongkai.casework.errors import CaseworkError
from gongkai.workdays.notice import parse_notice, schedule_detail
from gongkai.workdays.store import (YEAR_STATUS_LABELS, CalendarConflict, compare_schedules, spillover_lines,
                                    year_statuses)

from ..access import roles_required
from ..auditlog.services import record
from ..clock import today
from ..workcalendar import calendar_store, office_cal, office_cal_problems
from .services import describe_change, recompute_deadlines

#: the role that loads the notice: a platform-wide setting that is neither case content nor personal data
CALENDAR_ROLES = ("sysadmin",)
MAX_NOTICE_CHARS = 100_000


def _years(day: dt.date) -> list[dict]:
    return [{**y, "label": YEAR_STATUS_LABELS[y["status"]]} for y in year_statuses(calendar_store(), office_cal(), day)]


@roles_required(*CALENDAR_ROLES)
def calendar_page(request):
    ctx: dict = {"text": "", "preview": None, "error": "", "differences": [], "result": None}
    if request.method == "POST":
        text = request.POST.get("notice", "")[:MAX_NOTICE_CHARS + 1]
        ctx["text"] = text
        if len(text) > MAX_NOTICE_CHARS:
            ctx["error"] = "粘贴的文字超过 10 万字，不像一份节假日安排通知；请只粘贴通知正文。"
        elif not text.strip():
            ctx["error"] = "请粘贴《国务院办公厅关于XXXX年部分节假日安排的通知》的正文。"
        else:
            try:
                schedule = parse_notice(text, source="粘贴的通知")
            except CaseworkError as e:
                ctx["error"] = str(e)
            else:
                store = calendar_store()
                ctx["preview"] = schedule_detail(schedule)
                ctx["differences"] = store.check(schedule)
                existing = store.get(schedule.year)
                ctx["replaces"] = existing is not None
                ctx["replace_changes"] = compare_schedules(existing.schedule, schedule) if existing else []
                ctx["spillover"] = spillover_lines(schedule)
                if request.POST.get("action") == "load":
                    try:
                        store.save(schedule, source_text=text, actor=request.user.username,
                                   force=request.POST.get("force") == "1")
                    except CalendarConflict as e:
                        ctx["error"] = str(e)
                    else:
                        record(request.user, "calendar_load", None,
                               new={"year": schedule.year, "notice": schedule.notice,
                                    "days_off": len(schedule.rest_days), "make_up_workdays": len(schedule.makeup_workdays),
                                    "forced": bool(ctx["differences"])}, request=request)
                        changes = recompute_deadlines(f"加载{schedule.year}年节假日安排（{schedule.notice or '通知'}）",
                                                      actor=request.user.username, user=request.user, request=request)
                        ctx["result"] = {"year": schedule.year, "changes": [
                            {"agency": ch.case.agency.name, "number": ch.case.number, "text": describe_change(ch),
                             "told": ch.told_applicant} for ch in changes]}
                        ctx["preview"] = None
                        ctx["text"] = ""
    ctx["years"] = _years(today())
    ctx["problems"] = office_cal_problems()
    return render(request, "cases/calendar.html", ctx)
