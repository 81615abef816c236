"""``gongkai calendar``: the working-day calendar of the office.

- ``gongkai calendar import NOTICE.txt [--year Y] [--dry-run] [--force] [--format json]`` parses the text of
  《国务院办公厅关于YYYY年部分节假日安排的通知》, shows the parsed calendar, and (unless ``--dry-run``) stores it in
  the data folder, where ``gongkai deadline``, the library's :func:`~gongkai.workdays.store.office_calendar`
  and the web platform read it; the platform's open cases are then recounted.
- ``gongkai calendar status`` lists which years are official (package or loaded notice) and which provisional.
- ``gongkai calendar show YEAR`` lists the days off and make-up working days of a year.

Exit status: 0 done, 2 the notice cannot be read or parsed, or contradicts the package (without --force).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from ..casework.errors import CaseworkError
from ..datadir import data_dir
from ..errors import special_file
from ..workdays.calendar import LIBRARY_VERSION, LIBRARY_YEARS, WorkCalendar, fmt_date, provisional_reason
from ..workdays.notice import parse_notice, schedule_detail, schedule_json
from ..workdays.store import (YEAR_STATUS_LABELS, CalendarConflict, CalendarStore, compare_schedules,
                              office_calendar_and_problems, spillover_lines, year_statuses)
from . import add_command, load_group
from .output import print_json


def _fail(message: str, code: int = 2) -> int:
    print(f"错误：{message}", file=sys.stderr)
    return code


def _read_text(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    p = Path(path)
    if special_file(p):
        raise CaseworkError(f"通知文件 {p}：{special_file(p)}；请给出通知的文本文件。")
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise CaseworkError(f"找不到通知文件 {p}。") from None
    except IsADirectoryError:
        raise CaseworkError(f"{p} 是一个文件夹，应为通知的文本文件。") from None
    except OSError as e:
        raise CaseworkError(f"无法读取通知文件 {p}（{e.strerror or e}）。") from None
    if not raw.strip():
        raise CaseworkError(f"通知文件 {p} 是空的；请把《国务院办公厅关于XXXX年部分节假日安排的通知》的正文粘贴进去。")
    if len(raw) > 1_000_000:
        raise CaseworkError(f"通知文件 {p} 超过 1 MB，不像一份节假日安排通知；请只粘贴通知正文。")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise CaseworkError(f"通知文件 {p} 既不是 UTF-8 也不是 GB18030 编码的文本。")


def _schedule_lines(schedule) -> list[str]:
    detail = schedule_detail(schedule)
    lines = [f"{schedule.year} 年节假日安排" + (f"（{schedule.notice}）" if schedule.notice else "")]
    for h in detail.get("festivals", []):
        lines.append(f"  {h['name']}：{h['from']} 至 {h['to']} 放假，共 {h['days']} 天"
                     + ("；调休上班：" + "、".join(h["make_up_workdays"]) if h.get("make_up_workdays") else ""))
    lines.append(f"  {schedule.year} 年放假日共 {len(schedule.rest_days)} 天，调休上班日 {len(schedule.makeup_workdays)} 天")
    lines += [f"  {line}" for line in spillover_lines(schedule)]
    return lines


def _system_user() -> str:
    import getpass
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (a service account without a passwd entry)
        return "命令行"


def _recount_platform(reason: str, actor: str, loaded: dict) -> list[str] | None:
    """Recount the platform's open cases when this data folder has a platform database; the changed cases
    as lines, or None when there is no platform here."""
    if not (os.environ.get("DATABASE_URL") or (data_dir() / "gongkai.sqlite3").exists()):
        return None
    web = load_group("web")  # the platform's group: Django and its models only when a platform exists
    web._migrate()
    return web.recount_after_calendar_load(reason, actor, loaded)


def cmd_import(args) -> int:
    try:
        text = _read_text(args.notice)
        schedule = parse_notice(text, year=args.year, source=args.notice)
    except CaseworkError as e:
        return _fail(str(e))
    store = CalendarStore()
    diffs = store.check(schedule)
    existing = store.get(schedule.year)
    try:  # the parsed calendar first; a reader that leaves (`| head`) does not cancel the import
        if args.format == "json":
            print_json(schedule_json(schedule))
        else:
            print("\n".join(_schedule_lines(schedule)))
        sys.stdout.flush()
    except BrokenPipeError:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 — the rest of the run writes nowhere
    if existing is not None:
        changed = compare_schedules(existing.schedule, schedule)
        print(f"注意：已有 {schedule.year} 年的安排（{existing.loaded_by or '—'} 于 {existing.loaded_at} 加载），"
              + ("新通知改变：" + "；".join(changed) if changed else "新通知与之相同") + "。", file=sys.stderr)
    for w in schedule.warnings:
        print(f"注意：{w}", file=sys.stderr)
    if diffs:
        print(f"注意：与内置的国务院安排（{LIBRARY_VERSION}）不同：" + "；".join(diffs), file=sys.stderr)
    if args.dry_run:
        print("（--dry-run：未保存）", file=sys.stderr)
        return 0 if not diffs or args.force else 2
    actor = args.actor or _system_user()
    try:
        stored = store.save(schedule, source_text=text, actor=actor, force=args.force)
    except CalendarConflict as e:
        return _fail(str(e))
    verb = "替换" if existing else "保存"
    print(f"已{verb} {schedule.year} 年节假日安排：{stored.path}", file=sys.stderr)
    try:
        moved = _recount_platform(f"加载{schedule.year}年节假日安排（{schedule.notice or args.notice}）", actor,
                                  {"year": schedule.year, "notice": schedule.notice, "days_off": len(schedule.rest_days),
                                   "make_up_workdays": len(schedule.makeup_workdays), "forced": bool(diffs),
                                   "via": "命令行"})
    except Exception as e:  # the notice is stored; the recount is said as not done, never a traceback
        print(f"注意：办公平台的期限未能重新计算（{type(e).__name__}: {e}）；打开平台“节假日安排”页面可重新计算。",
              file=sys.stderr)
        return 0
    if moved is not None:
        print(f"办公平台：重新计算了未办结申请的期限，{len(moved)} 件变化" + ("：" if moved else "。"), file=sys.stderr)
        for line in moved:
            print("  " + line, file=sys.stderr)
    return 0


def _status(cal: WorkCalendar, store: CalendarStore, today: dt.date) -> dict:
    return {"folder": str(store.root), "package": LIBRARY_VERSION, "package_years": list(LIBRARY_YEARS),
            "years": year_statuses(store, cal, today), "problems": store.load()[1]}


def cmd_status(args) -> int:
    cal, _ = office_calendar_and_problems()
    data = _status(cal, CalendarStore(), dt.date.today())
    if args.format == "json":
        print_json(data)
        return 0
    words = {**YEAR_STATUS_LABELS, "provisional": "暂定（未公布或未加载）"}
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
    cal, _ = office_calendar_and_problems()
    y = args.year
    if y < LIBRARY_YEARS[0] or y > 9998:
        return _fail(f"年份 {y} 超出范围（{LIBRARY_YEARS[0]}—9998）。")
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
        data["provisional_reason"] = provisional_reason(y)
    if args.format == "json":
        print_json(data)
        return 0
    print(f"{y} 年" + ("（暂定：" + data["provisional_reason"] + "）" if provisional else "") + "：")
    print("  放假：" + "、".join(f"{fmt_date(x)}{n}" for x, n in off))
    print("  调休上班：" + ("、".join(f"{fmt_date(x)}{n}" for x, n in makeup) or "无"))
    return 0


def register(subparsers) -> None:
    c = add_command(subparsers, "calendar", description="加载《国务院办公厅关于XXXX年部分节假日安排的通知》，使该年的期限由“暂定”变为确定，"
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
