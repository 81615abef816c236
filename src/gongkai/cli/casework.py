"""Clerk calculators: ``gongkai deadline``, ``gongkai fee`` and ``gongkai ledger``.

Each handler returns an int exit status (0 ok, 2 bad input, 3 cannot compute: no holiday schedule for a
year) and prints Chinese text, or JSON with ``--format json``.  Standalone: ``python -m gongkai.cli.casework
deadline …``.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import re
import sys
from pathlib import Path

from ..casework.channels import CHANNELS
from ..casework.counting import annual_report
from ..casework.deadlines import channel_rule, reply_deadline
from ..casework.errors import CalendarUnavailable, CaseworkError
from ..casework.fees import METHODS, monthly_per_request, per_page_fee, per_request_fee
from ..casework.ledger import import_ledger
from ..casework.model import channel_id
from ..errors import special_file
from ..workdays.calendar import Pause, fmt_date, load_schedule
from ..workdays.store import office_calendar_and_problems
from . import UsageError, add_command
from .output import emit, json_text, print_json

#: Most applications one ``fee --monthly`` statement accepts (all DATE*N summed).  A single
#: applicant's month of thousands of applications is already far outside any real statement;
#: the bound keeps ``2024-03-01*99999999`` from exhausting memory.
MONTHLY_MAX = 10_000


def _date(text: str) -> dt.date:
    t = text.strip()
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", t)
    if not m:
        raise argparse.ArgumentTypeError(f"日期「{text}」不是 YYYY-MM-DD 格式，例如 2024-09-27")
    y, mo, d = (int(g) for g in m.groups())
    if not 1 <= mo <= 12:
        raise argparse.ArgumentTypeError(f"日期「{text}」不存在：没有 {mo} 月")
    if y < 1:
        raise argparse.ArgumentTypeError(f"日期「{text}」不存在：没有 0 年")
    if d < 1:
        raise argparse.ArgumentTypeError(f"日期「{text}」不存在：日从 01 开始")
    last = calendar.monthrange(y, mo)[1]
    if d > last:
        raise argparse.ArgumentTypeError(f"日期「{text}」不存在：{y} 年 {mo} 月只有 {last} 天")
    return dt.date(y, mo, d)


def _extension(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"延长的工作日数「{text}」不是整数") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"延长的工作日数「{text}」不能为负数；不延长时不写 --extension（或写 0）")
    return n


def _pause(text: str):
    start, sep, end = text.partition(":")
    if not sep:
        raise argparse.ArgumentTypeError(f"暂停期间「{text}」应写成 开始日:结束日，例如 2024-10-09:2024-10-11")
    s, e = _date(start), _date(end)
    if e < s:
        raise argparse.ArgumentTypeError(f"暂停期间「{text}」的结束日早于开始日")
    return Pause(s, e, "暂停（征求意见或缴费等，不计入期限）")


def _monthly_item(text: str) -> list[dt.date]:
    day, _, n = text.partition("*")
    d = _date(day)
    try:
        count = int(n) if n else 1
    except ValueError:
        raise argparse.ArgumentTypeError(f"「{text}」应写成 日期 或 日期*件数，例如 2024-03-31*25") from None
    if count < 1:
        raise argparse.ArgumentTypeError(f"「{text}」的件数须至少为 1")
    if count > MONTHLY_MAX:
        raise argparse.ArgumentTypeError(f"「{text}」的件数 {count} 过大：一次最多计算 {MONTHLY_MAX} 件申请")
    return [d] * count


def _emit(args, data: dict, lines: list[str]) -> None:
    if getattr(args, "format", "text") == "json":
        print_json(data)
    else:
        print("\n".join(lines))


def _fail(message: str, code: int) -> int:
    print(f"错误：{message}", file=sys.stderr)
    return code


def run_deadline(args) -> int:
    """Print the reply deadline (条例第三十三条) of an application received on ``args.received``."""
    try:
        cal, problems = office_calendar_and_problems()
        for problem in problems:
            print(f"注意：{problem}", file=sys.stderr)
        for path in args.schedule or []:
            schedule = load_schedule(path)
            for w in schedule.warnings:
                print(f"注意：{w}", file=sys.stderr)
            diffs = cal.differences(schedule)
            if diffs:
                print(f"注意：{path} 的 {schedule.year} 年安排与内置的国务院安排不同，计算采用文件：" + "；".join(diffs) + "。",
                      file=sys.stderr)
            cal = cal.with_schedule(schedule)
        ch = channel_id(args.channel) if args.channel else None
        ext = args.extension or 0
        count = reply_deadline(args.received, pauses=args.pause or [], extension_days=ext, calendar=cal)
    except CalendarUnavailable as e:
        return _fail(str(e), 3)
    except CaseworkError as e:
        return _fail(str(e), 2)
    data = count.to_dict()
    data.update(received=args.received.isoformat(), channel=CHANNELS[ch] if ch else None,
                channel_rule=channel_rule(ch) if ch else None, extension_days=ext,
                basis="《政府信息公开条例》第三十三条")
    mark = "（暂定）" if count.provisional else ""
    lines = [f"答复期限：{fmt_date(count.due)}{mark}",
             f"收到申请之日：{fmt_date(args.received)}" + (f"（{CHANNELS[ch]}；{channel_rule(ch)}）" if ch else ""),
             "期限：20个工作日（条例第三十三条）" + (f"，延长 {ext} 个工作日（须经政府信息公开工作机构负责人同意并告知申请人）"
                                            if ext else ""),
             "计算过程："]
    lines += ["  " + ln for ln in count.trail("收到申请之日")]
    if count.provisional:
        print(f"注意：答复期限为暂定日期。{count.provisional_reason}。", file=sys.stderr)
    _emit(args, data, lines)
    return 0


def _meaningless_fee_options(args) -> str:
    """A Chinese refusal when an option does not apply to the chosen method (it would be ignored)."""
    mode, used = ("--monthly", ("ordinal", "pages", "already_public", "waiver")) if args.monthly else \
        ("--per-request", ("pages", "already_public")) if args.per_request else ("--per-page", ("ordinal",))
    why = {"ordinal": ("--ordinal", "本月第几件只用于按件计收（--per-request）"),
           "pages": ("--pages", "页数只用于按量计收（--per-page）"),
           "already_public": ("--already-public", "“已主动公开不按量收费”只用于按量计收（--per-page）"),
           "waiver": ("--waiver", "--monthly 逐月列出应收金额，不记录减免；请对单件申请使用 --waiver")}
    if args.monthly:
        why["ordinal"] = ("--ordinal", "--monthly 按所列日期自动排出每件是本月第几件")
    for key in used:
        value = getattr(args, key, None)
        if value not in (None, False):
            opt, reason = why[key]
            return f"{mode} 不能与 {opt} 同用：{reason}。"
    return ""


def run_fee(args) -> int:
    """Print the 信息处理费 (国办函〔2020〕109号) for one application or a month of applications."""
    meaningless = _meaningless_fee_options(args)
    if meaningless:
        return _fail(meaningless, 2)
    try:
        if args.monthly:
            n_apps = sum(len(group) for group in args.monthly)
            if n_apps > MONTHLY_MAX:
                return _fail(f"--monthly 共列出 {n_apps} 件申请，过多：一次最多计算 {MONTHLY_MAX} 件", 2)
            apps = [(d, f"第{i}件") for i, d in enumerate((d for group in args.monthly for d in group), 1)]
            months = monthly_per_request(apps)
            total = sum(m.total_yuan for m in months)
            data = {"method": "per_request", "method_label": METHODS["per_request"], "fee_yuan": total,
                    "months": [m.to_dict() for m in months]}
            lines = ["计费方式：按件计收（国办函〔2020〕109号 第四条，按自然月累计、超额累进）"]
            for m in months:
                lines.append(f"{m.month}：共 {len(m.items)} 件")
                for ln in m.lines:
                    lines.append(f"  {ln['tier']}：{ln['units']} 件 × {ln['rate_yuan']} 元 = {ln['amount_yuan']} 元")
                lines.append(f"  本月小计：{m.total_yuan} 元")
            lines.append(f"信息处理费合计：{total} 元")
            _emit(args, data, lines)
            return 0
        if args.waiver is not None and not args.waiver.strip():
            return _fail("--waiver 须写明不收取的理由（例如“申请人为低保对象”），不能为空", 2)
        if args.per_request:
            if args.ordinal is None:
                return _fail("按件计收需要 --ordinal N（该申请人本自然月内第几件申请）", 2)
            calc = per_request_fee(args.ordinal, waiver=args.waiver or "")
        else:
            if args.pages is None:
                return _fail("按量计收需要 --pages P（提供的页数）", 2)
            calc = per_page_fee(args.pages, already_public=args.already_public, waiver=args.waiver or "")
    except CaseworkError as e:
        return _fail(str(e), 2)
    _emit(args, calc.to_dict(), calc.describe())
    return 0


def register(subparsers) -> None:
    """Add the ``deadline`` and ``fee`` sub-commands to an argparse ``subparsers`` object.

    Each parser gets ``handler`` and ``func`` (both ``args.func(args) -> int``) as defaults.
    """
    p = add_command(subparsers, "deadline", description="按《政府信息公开条例》第三十三条计算答复期限：自收到申请之日起20个工作日，"
                                          "可延长不超过20个工作日；征求意见、缴费等暂停期间不计入。")
    p.add_argument("--received", type=_date, required=True, help="收到申请之日（第三十一条），YYYY-MM-DD")
    p.add_argument("--channel", choices=list(CHANNELS.values()) + list(CHANNELS), help="申请渠道（说明收到日的认定规则）")
    p.add_argument("--pause", type=_pause, action="append", metavar="START:END",
                   help="不计入期限的暂停期间（含首尾两日），可重复")
    p.add_argument("--extension", type=_extension, nargs="?", const=20, default=0, metavar="N",
                   help="延长答复期限的工作日数，0 至 20（不写 N 即 20；0 与不写 --extension 相同，即不延长）")
    p.add_argument("--schedule", action="append", metavar="FILE", help="本机关加载的节假日安排文件（JSON），可重复")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(handler=run_deadline, func=run_deadline)

    f = add_command(subparsers, "fee", description="按件计收（同一申请人自然月内累计件数）或按量计收（页数），超额累进。")
    m = f.add_mutually_exclusive_group(required=True)
    m.add_argument("--per-request", action="store_true", help="按件计收")
    m.add_argument("--per-page", action="store_true", help="按量计收")
    m.add_argument("--monthly", type=_monthly_item, nargs="+", metavar="DATE[*N]",
                   help="按件计收，列出同一申请人的各件申请日期，如 2024-03-31*25 2024-04-01*5")
    f.add_argument("--ordinal", type=int, metavar="N", help="本自然月内第几件申请（按件计收）")
    f.add_argument("--pages", type=int, metavar="P", help="提供的页数（按量计收）")
    f.add_argument("--already-public", action="store_true", help="所申请信息已主动公开（不按量收费）")
    f.add_argument("--waiver", metavar="理由", help="本机关决定不收取的理由（记录应收金额）")
    f.add_argument("--format", choices=("text", "json"), default="text")
    f.set_defaults(handler=run_fee, func=run_fee)

    g = add_command(subparsers, "ledger", description="读取本机关已有的依申请公开台账：逐行检查，有错误时列出每一处、不统计；"
                                          "没有错误时按年度统计表三，输出报告数据（JSON），可交给 gongkai audit / render。")
    g.add_argument("ledger", metavar="台账文件", help="XLSX 或 CSV（列名见 docs/casework.md「台账导入」）")
    a = g.add_mutually_exclusive_group(required=True)
    a.add_argument("--agency", metavar="机关名称", help="本机关名称（台账没有“机关”列时用）")
    a.add_argument("--office", dest="agency", help=argparse.SUPPRESS)  # its old name, kept for users' scripts
    g.add_argument("--year", type=int, required=True, help="统计年度")
    g.add_argument("--sheet", help="XLSX 的工作表名（默认第一个）")
    g.add_argument("-o", "--output", help="把报告数据（JSON）写入文件（默认输出到屏幕）")
    g.set_defaults(handler=run_ledger, func=run_ledger)


def run_ledger(args) -> int:
    """Check an agency's ledger (XLSX/CSV) and count its tables 三 for a year: every bad row is listed and
    nothing is counted; a good ledger gives the report model (JSON, as ``gongkai extract --to json``), which
    ``gongkai audit`` and ``gongkai render`` read."""
    path = Path(args.ledger)
    if special_file(path):
        return _fail(f"台账文件 {path}：{special_file(path)}，应为 XLSX 或 CSV 文件", 2)
    if path.is_dir():
        return _fail(f"台账文件 {path} 是一个文件夹，应为 XLSX 或 CSV 文件", 2)
    if not path.is_file():
        return _fail(f"找不到台账文件 {path}", 2)
    try:
        reqs = import_ledger(path, args.agency, sheet=args.sheet, today=dt.date.today())
        report = annual_report(reqs, None, args.year)
    except CaseworkError as e:
        return _fail(str(e), 2)
    report.agency = args.agency
    report.title = f"{args.agency}{args.year}年政府信息公开工作年度报告"
    report.source = str(path)
    text = json_text(report.to_dict())
    v = lambda row: report.value("三", row, "total")  # noqa: E731
    summary = (f"台账 {path}：共 {len(reqs)} 件申请，全部读入。{args.year}年：本年新收 {v('received')} 件，"
               f"上年结转 {v('carried_over')} 件，办结 {v('dispositions_total')} 件，结转下年度 {v('carried_forward')} 件。")
    try:
        emit(text, args.output, [path])  # the extract command's writer: refuses -o naming the input
    except UsageError as e:
        return _fail(str(e), 2)
    if args.output:
        print(summary + f"表三已写入 {args.output}（gongkai audit / gongkai render 可读取）。")
    else:
        print(summary, file=sys.stderr)
    received = sorted(r.received_on for r in reqs if r.received_on)
    if received and not v("received") and not v("carried_over") and not v("dispositions_total"):
        print(f"注意：台账中的 {len(reqs)} 件申请都与 {args.year} 年无关（收到日期 {received[0]} 至 {received[-1]}），"
              f"表三全为 0；请核对 --year。", file=sys.stderr)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="gongkai")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
