"""``gongkai calendar``: the working-day calendar of the office.

- ``gongkai calendar import NOTICE.txt [--year Y] [--dry-run] [--force] [--format json]`` parses the text of
  《国务院办公厅关于YYYY年部分节假日安排的通知》, shows the parsed calendar, and (unless ``--dry-run``) stores it in
  the data folder, where ``gongkai deadline``, the library's :func:`~gongkai.casework.calendar_store.office_calendar`
  and the web platform read it; the platform's open cases are then recounted.
- ``gongkai calendar status`` lists which years are official (package or loaded notice) and which provisional.
- ``gongkai calendar show YEAR`` lists the days off and make-up working days of a year.

Exit status: 0 done, 2 the notice cannot be read or parsed, or contradicts the package (without --force).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

# The casework modules are imported inside the commands, not here: every ``gongkai`` start registers this
# module's parsers (``gongkai audit`` must not load the calendar).


def _fail(message: str, code: int = 2) -> int:
    print(f"错误：{message}", file=sys.stderr)
    return code


def _read_text(path: str) -> str:
    from .casework.errors import CaseworkError
    if path == "-":
        return sys.stdin.read()
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise CaseworkError(f"找不到通知文件 {p}。") from None
    except IsADirectoryError:
        raise CaseworkError(f"{p} 是一个文件夹，应为通知的文本文件。") from None
    except OSError as e:
        raise CaseworkError(f"无法读取通知文件 {p}（{e.strerror or e}）。") from None
    if len(raw) > 1_000_000:
        raise CaseworkError(f"通知文件 {p} 超过 1 MB，不像一份节假日安排通知；请只粘贴通知正文。")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise CaseworkError(f"通知文件 {p} 既不是 UTF-8 也不是 GB18030 编码的文本。")


def _schedule_lines(schedule) -> list[str]:
    from .casework.notice import schedule_detail
    detail = schedule_detail(schedule)
    lines = [f"{schedule.year} 年节假日安排" + (f"（{schedule.notice}）" if schedule.notice else "")]
    for h in detail.get("festivals", []):
        lines.append(f"  {h['name']}：{h['from']} 至 {h['to']} 放假，共 {h['days']} 天"
                     + ("；调休上班：" + "、".join(h["make_up_workdays"]) if h.get("make_up_workdays") else ""))
    lines.append(f"  放假日共 {len(schedule.rest_days)} 天，调休上班日 {len(schedule.makeup_workdays)} 天")
    return lines


def _recount_platform(reason: str, actor: str) -> list[str] | None:
    """Recount the platform's open cases when this data folder has a platform database; the changed cases
    as lines, or None when there is no platform here."""
    from .datadir import data_dir
    if not (os.environ.get("DATABASE_URL") or (data_dir() / "gongkai.sqlite3").exists()):
        return None
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    import django  # lazy: only when a platform exists
    django.setup()
    from django.core.management import call_command
    call_command("migrate", interactive=False, verbosity=0)
    from .web.cases.services import describe_change, recompute_deadlines
    return [f"{ch.case.agency.name} {ch.case.number}：{describe_change(ch)}" + ("（已告知申请人，请核对）" if ch.told_applicant else "")
            for ch in recompute_deadlines(reason, actor=actor)]


def cmd_import(args) -> int:
    from .casework.calendar import LIBRARY_VERSION
    from .casework.calendar_store import CalendarConflict, CalendarStore
    from .casework.errors import CaseworkError
    from .casework.notice import parse_notice, schedule_json
    try:
        text = _read_text(args.notice)
        schedule = parse_notice(text, year=args.year, source=args.notice)
    except CaseworkError as e:
        return _fail(str(e))
    store = CalendarStore()
    diffs = store.check(schedule)
    existing = store.get(schedule.year)
    if args.format == "json":
        print(json.dumps(schedule_json(schedule), ensure_ascii=False, indent=2))
    else:
        print("\n".join(_schedule_lines(schedule)))
    for w in schedule.warnings:
        print(f"注意：{w}", file=sys.stderr)
    if diffs:
        print(f"注意：与内置的国务院安排（{LIBRARY_VERSION}）不同：" + "；".join(diffs), file=sys.stderr)
    if args.dry_run:
        print("（--dry-run：未保存）", file=sys.stderr)
        return 0 if not diffs or args.force else 2
    try:
        stored = store.save(schedule, source_text=text, actor=args.actor or os.environ.get("USER", ""), force=args.force)
    except CalendarConflict as e:
        return _fail(str(e))
    verb = "替换" if existing else "保存"
    print(f"已{verb} {schedule.year} 年节假日安排：{stored.path}", file=sys.stderr)
    try:
        moved = _recount_platform(f"加载{schedule.year}年节假日安排（{schedule.notice or args.notice}）",
                                  args.actor or "命令行")
    except Exception as e:  # the notice is stored; the recount is said as not done, never a traceback
        print(f"注意：办公平台的期限未能重新计算（{type(e).__name__}: {e}）；打开平台“节假日安排”页面可重新计算。",
              file=sys.stderr)
        return 0
    if moved is not None:
        print(f"办公平台：重新计算了未办结申请的期限，{len(moved)} 件变化" + ("：" if moved else "。"), file=sys.stderr)
        for line in moved:
            print("  " + line, file=sys.stderr)
    return 0


def _status(cal, store, today: dt.date) -> dict:
    from .casework.calendar import LIBRARY_VERSION, LIBRARY_YEARS
    stored, problems = store.load()
    years = []
    for y in range(LIBRARY_YEARS[1] - 1, max(today.year + 2, max((s.schedule.year for s in stored), default=0)) + 1):
        s = next((x for x in stored if x.schedule.year == y), None)
        if s is not None:
            years.append({"year": y, "status": "loaded", "source": s.schedule.notice or str(s.path),
                          "loaded_by": s.loaded_by, "loaded_at": s.loaded_at,
                          "package_differences": s.differences_from_package()})
        elif cal.covers(y):
            years.append({"year": y, "status": "package", "source": LIBRARY_VERSION})
        else:
            years.append({"year": y, "status": "provisional", "source": "按法定节假日暂定"})
    return {"folder": str(store.root), "package": LIBRARY_VERSION, "package_years": list(LIBRARY_YEARS),
            "years": years, "problems": problems}


def cmd_status(args) -> int:
    from .casework.calendar import LIBRARY_VERSION, LIBRARY_YEARS
    from .casework.calendar_store import CalendarStore, office_calendar_and_problems
    cal, _ = office_calendar_and_problems()
    data = _status(cal, CalendarStore(), dt.date.today())
    if args.format == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    words = {"loaded": "已加载通知", "package": "内置", "provisional": "暂定（未公布或未加载）"}
    print(f"内置日历：{LIBRARY_VERSION}，{LIBRARY_YEARS[0]}—{LIBRARY_YEARS[1]} 年；本机关加载的通知保存在 {data['folder']}")
    for y in data["years"]:
        line = f"  {y['year']} 年：{words[y['status']]}"
        if y["status"] == "loaded":
            line += f"（{y['source']}，{y['loaded_by'] or '—'} 于 {y['loaded_at']} 加载）"
            if y["package_differences"]:
                line += "；与内置日历不同：" + "；".join(y["package_differences"])
        print(line)
    for p in data["problems"]:
        print(f"注意：{p}", file=sys.stderr)
    return 0


def cmd_show(args) -> int:
    from .casework.calendar import fmt_date
    from .casework.calendar_store import office_calendar_and_problems
    cal, _ = office_calendar_and_problems()
    y = args.year
    if y < 2008 or y > 9999:
        return _fail(f"年份 {y} 超出范围（2008—9999）。")
    d = dt.date(y, 1, 1)
    off, makeup = [], []
    while d.year == y:
        info = cal.day(d)
        if info.kind == "holiday":
            off.append((d, info.name))
        elif info.kind == "makeup":
            makeup.append((d, info.name))
        d += dt.timedelta(days=1)
    provisional = cal.is_provisional(y)
    data = {"year": y, "provisional": provisional, "days_off": [x.isoformat() for x, _ in off],
            "make_up_workdays": [x.isoformat() for x, _ in makeup]}
    if provisional:
        from .casework.calendar import provisional_reason
        data["provisional_reason"] = provisional_reason(y)
    if args.format == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(f"{y} 年" + ("（暂定：" + data["provisional_reason"] + "）" if provisional else "") + "：")
    print("  放假：" + "、".join(f"{fmt_date(x)}{n}" for x, n in off))
    print("  调休上班：" + ("、".join(f"{fmt_date(x)}{n}" for x, n in makeup) or "无"))
    return 0


def register(subparsers) -> None:
    c = subparsers.add_parser("calendar", help="工作日日历：加载国务院节假日安排通知、查看各年状态",
                              description="加载《国务院办公厅关于XXXX年部分节假日安排的通知》，使该年的期限由“暂定”变为确定，"
                                          "并重新计算办公平台中未办结申请的期限。")
    sub = c.add_subparsers(dest="calendar_command", metavar="命令")
    i = sub.add_parser("import", help="解析并保存一份节假日安排通知（文本文件；- 为标准输入）")
    i.add_argument("notice", metavar="NOTICE.txt")
    i.add_argument("--year", type=int, help="通知所属年份（通知标题中有年份时可省略；两者须一致）")
    i.add_argument("--dry-run", action="store_true", help="只解析并显示，不保存")
    i.add_argument("--force", action="store_true", help="与内置日历不一致时仍然保存（如临时调整假期）")
    i.add_argument("--actor", help="记录的加载人（默认当前系统用户）")
    i.add_argument("--format", choices=("text", "json"), default="text")
    i.set_defaults(func=cmd_import)
    s = sub.add_parser("status", help="各年份的日历来源：内置、已加载通知或暂定")
    s.add_argument("--format", choices=("text", "json"), default="text")
    s.set_defaults(func=cmd_status)
    sh = sub.add_parser("show", help="列出某年的放假日与调休上班日（暂定年份按法定节假日）")
    sh.add_argument("year", type=int)
    sh.add_argument("--format", choices=("text", "json"), default="text")
    sh.set_defaults(func=cmd_show)
    c.set_defaults(func=lambda args: (c.print_help(), 2)[1])
