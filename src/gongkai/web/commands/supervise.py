"""``gongkai supervise …`` and ``gongkai worker``: the supervising office's year (docs/supervision.md).

    gongkai supervise import PATH|URL... [--urls 地址列表.txt] [--year Y] [--office 机关] [--published-on [文件名=]日期 ...]
    gongkai supervise coverage --year Y [--office 机关]
    gongkai supervise export --year Y --format json|xlsx [-o FILE] [--office 机关]
    gongkai supervise audit [--year Y] [--all] [--office 机关]   重新审核（待审核的，或全部）
    gongkai supervise void 文件 --reason 理由 | restore 文件 [--reason 理由]      作废/移除、恢复（撤销作废）
    gongkai supervise reassign 文件 --to 机关 [--reason 理由]                    确认或改派所属机关
    gongkai supervise confirm-version 文件 [--version N | --release]            确认（或取消确认）版本号
    gongkai worker [--concurrency N]       后台审核（需要 GONGKAI_BROKER_URL，例如 redis://127.0.0.1:6379/0）

Uses the platform's database (GONGKAI_DATA_DIR / DATABASE_URL), migrated on first use.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import socket
import sys
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Q

from gongkai.cli import UsageError, add_command, jobs
from gongkai.cli.output import emit, json_text, os_reason, refuse_overwriting_input

from ..accounts.models import User
from ..agencies.models import Agency
from ..supervision import addresses
from ..supervision.intake import StoredPaths, collect_paths, is_address, read_address_list, readable_name
from ..supervision.models import ImportAddress, PublishedReport
from ..supervision import services
from ..supervision.services import (NO_AGENCY, SupervisionError, adopt_orphans, check_published_on, coverage,
                                    default_office, export_json, export_xlsx, import_batch, status_counts)
from ..supervision.tasks import QUEUE, broker_url, configure, enqueue, enqueue_fetch, reachable, visibility_timeout
from ..years import parse_report_year
from . import web


def _django(migrate: bool = True):
    """Django is set up before this module is imported (:mod:`gongkai.web.commands`); the database is
    migrated unless ``migrate`` is false (or nothing is left to migrate: :func:`_migrated`)."""
    if migrate and not _migrated():
        web._migrate()


def _migrated() -> bool:
    """Whether every migration file of the installed apps is recorded as applied — one query and a look at
    the folders, instead of ``migrate`` loading every migration module to find nothing to do (about half a
    second of each ``gongkai supervise import``).  Anything unusual (migration modules elsewhere, a folder
    with no source file, no table yet) says no, and ``migrate`` runs as before."""
    if getattr(settings, "MIGRATION_MODULES", None):
        return False
    on_disk = set()
    for app in apps.get_app_configs():
        folder = Path(app.path) / "migrations"
        if not folder.is_dir():
            continue
        names = {p.stem for p in folder.glob("*.py") if p.stem != "__init__"}
        if not names and any(folder.glob("*.pyc")):
            return False  # installed without sources: cannot tell
        on_disk |= {(app.label, n) for n in names}
    try:
        applied = set(MigrationRecorder(connection).applied_migrations())
    except DatabaseError:
        return False
    return bool(applied) and on_disk <= applied


def _office(name: str | None):
    adopt_orphans()  # files imported before any agency existed (older versions) belong to the office now
    if name:
        office = Agency.objects.filter(name=name).first()
        if office is None:
            raise UsageError(f"平台中没有名为“{name}”的机关")
        return office
    office = default_office()
    if office is None and Agency.objects.filter(parent__isnull=True).count() > 1:
        raise UsageError("平台中有多个最上级机关，请用 --office 指定审查机关")
    return office


def _scope_qs(office, year):
    qs = PublishedReport.objects.all()
    if office is not None:
        qs = qs.filter(Q(office=office) | Q(agency__in=office.subtree()))
    return qs.filter(year=year) if year is not None else qs


def _year(text: str) -> int:
    """``--year``: the report years the web forms take (:func:`gongkai.web.years.year_problem`), else argparse
    says why and exits with 2."""
    try:
        return parse_report_year(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是日期（请写作 2025-01-20）") from None


def _published_on(text: str) -> tuple[str | None, dt.date]:
    """``--published-on``: a date for the whole batch, or 文件名=日期 for one file."""
    name, sep, day = text.rpartition("=")
    if sep and not name.strip():
        raise argparse.ArgumentTypeError(f"“{text}”缺少文件名（请写作 文件名=2025-01-20）")
    return (readable_name(name.strip()) or None), _date(day.strip())


def _dates(given) -> tuple[dt.date | None, dict[str, dt.date]]:
    """(the batch's date, {file name: date}) from the ``--published-on`` options."""
    batch = [d for n, d in given or [] if n is None]
    if len(batch) > 1:
        raise UsageError("--published-on 只能给一个适用于全部文件的日期（某个文件的日期请写作 文件名=日期）")
    return (batch[0] if batch else None), {n: d for n, d in given or [] if n is not None}


def cmd_import(args) -> int:
    _django()
    if not Agency.objects.exists():
        raise UsageError(NO_AGENCY)
    if broker_url():
        visibility_timeout()  # a wrong setting is said now, not after the files are stored
    paths = list(args.paths or [])
    if args.urls:
        try:
            paths += read_address_list(args.urls)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    if not paths:
        raise UsageError("请给出年报文件、文件夹、zip 压缩包或网页地址（或用 --urls 指定地址列表）")
    office = _office(args.office)
    published_on, dates = _dates(args.published_on)
    try:
        check_published_on(published_on, args.year)
    except SupervisionError as exc:
        raise UsageError(str(exc)) from None
    for name, day in dates.items():
        try:
            check_published_on(day, args.year)
        except SupervisionError as exc:
            raise UsageError(f"{name}：{exc}") from None
    urls = [readable_name(p.strip()) for p in paths if is_address(p)]  # (a repeated one: said by import_addresses)
    files = [p for p in paths if not is_address(p)]
    none_found = "给出的文件夹中没有年报文件或 zip 压缩包"
    if dates:  # every file stored first: a date for a file not in the import is said before anything is imported
        batch = collect_paths(files)
        if not batch.files and not batch.refused and not urls:
            raise UsageError(none_found)
        names = {f.name for f in batch.files} | {f.name.rsplit("/", 1)[-1] for f in batch.files} | set(urls)
        unknown = sorted(n for n in dates if n not in names)
        if unknown:
            raise UsageError(f"--published-on 指定了日期的文件不在本次导入中：{'、'.join(unknown)}"
                             "（请写文件名，zip 中的文件写作 压缩包.zip/文件名）")
    else:  # stored as they are read, each hundred queued at once (the workers start on the first ones)
        batch = StoredPaths(files)
        if not batch.listed and not urls:
            raise UsageError(none_found)
    by = "命令行 gongkai supervise import"
    try:
        results = import_batch(batch, office=office, by=by, year=args.year, published_on=published_on,
                               dates={n: d for n, d in dates.items() if n not in urls})
        # web addresses: recorded as 待抓取 and fetched by the worker (here without a broker)
        if urls:
            results += addresses.import_addresses(urls, office=office, by=by, year=args.year,
                                                  published_on=published_on,
                                                  dates={n: d for n, d in dates.items() if n in urls})
    except SupervisionError as exc:
        raise UsageError(str(exc)) from None
    if not results:  # (only zips without any report in them: nothing stored, as before)
        raise UsageError(none_found)
    for item in results:
        r = item.report
        if item.state == "pending":
            print(f"待抓取\t{item.name}")
            continue
        if r is None:
            print(f"{'重复' if item.state == 'duplicate' else '未导入'}\t{item.name}\t{item.reason}")
            continue
        agency = r.agency.name if r.agency else "（所属机关待确认）"
        status = r.status_label + (f"：{r.read_error}" if r.read_error else
                                   f"（错误 {r.errors}，警告 {r.warnings}）" if r.status == "audited" else "")
        flag = "，发布后修改" if r.modified_after_publication else ""
        note = f"\t{r.note}" if r.note else ""
        if item.reason:
            note = f"\t{item.reason}" + note
        if r.same_as_id:
            flag += "（与已导入的另一格式内容相同，同一版本）"
        day = (f"发布日期 {r.published_on}" + (f"（{r.published_on_source}）" if r.published_on_source else "")
               if r.published_on else "发布日期未知")
        version = (f"第{r.version}版{flag}" if r.status == "audited" else
                   "不计版本（无法读取）" if r.status == "unreadable" else "版本待审核后确定")
        print(f"{item.state_label}\t{item.name}\t{agency}\t{r.year or '年度未识别'}\t{version}\t{status}"
              f"\t{day}{note}")
    modes = {i.audit for i in results if i.state == "new"}
    fetching = sum(i.state == "pending" for i in results)
    if fetching:
        print(f"{fetching} 个网页地址已交给后台抓取（gongkai worker），抓取后导入并审核；"
              "用 gongkai supervise coverage --year Y 查看抓取和审核进度，抓取失败的地址及原因也在其中。")
    elif "queued" in modes:
        print("审核已交给后台（gongkai worker）；用 gongkai supervise coverage 查看进度"
              + ("，以及报告写明的年度与 --year 不同的文件。" if args.year else "。")
              + "退出码只反映导入：后台审核时才发现无法读取的文件，在 coverage 和导出中标为“无法读取”。")
    elif broker_url() and modes:
        print(f"后台服务 {broker_url()} 不可达，已在本进程审核（结果见上）；请确认 Redis 和 gongkai worker 已启动。")
    mismatched = [i for i in results if i.report is not None and i.report.year_given
                  and i.report.status == "audited" and i.report.year != i.report.year_given]
    if mismatched:
        print(f"注意：{len(mismatched)} 份报告写明的年度与 --year {args.year} 不同，已按报告写明的年度计入"
              "（每份报告有一条平台意见 S02，请在报告页确认或排除）：")
        for i in mismatched:
            print(f"  {i.name}\t报告写明 {i.report.year} 年")
    new = sum(i.state == "new" for i in results)
    dup = sum(i.state == "duplicate" for i in results)
    refused = sum(i.state == "refused" for i in results)
    unreadable = sum(i.report is not None and i.report.status == "unreadable" for i in results)
    print(f"共 {len(results)} 个文件：新导入 {new}，已导入过 {dup}，未导入 {refused}"
          + (f"，无法读取 {unreadable}" if unreadable else "") + (f"，待抓取 {fetching}" if fetching else "")
          + "。", file=sys.stderr)
    # as gongkai audit: a file that was not taken or cannot be read is 2 (it needs attention first);
    # findings do not change the status — the import's work is done, they are reviewed on the platform
    return 2 if refused or unreadable else 0


def cmd_coverage(args) -> int:
    _django()
    office = _office(args.office)
    # as the web page's progress line: the year's files and those whose year is not known yet (a batch
    # imported without --year still in the queue may hold this year's reports)
    counts = status_counts(_scope_qs(office, None).filter(Q(year=args.year) | Q(year__isnull=True)))
    unknown = status_counts(_scope_qs(office, None).filter(year__isnull=True))
    print(f"{args.year} 年度审核进度（含尚未确定年度的文件）：共 {counts['total']} 份，待审核 {counts['pending']}"
          + (f"（其中 {unknown['pending']} 份年度尚未确定）" if unknown["pending"] else "")
          + f"，已审核 {counts['audited']}，无法读取 {counts['unreadable']}，所属机关待确认 {counts['to_confirm']}"
          + (f"；另有已作废 {counts['voided']} 份（不计入）" if counts["voided"] else ""))
    mismatched = _scope_qs(office, args.year).filter(voided_at__isnull=True, findings__code="S02", findings__active=True).distinct()
    for r in mismatched.order_by("id"):
        print(f"年度与导入时指定的不同：{r.source_name}（导入时指定 {r.year_given} 年，报告写明 {r.year} 年，"
              "按报告的年度计入）")
    odd = _scope_qs(office, args.year).filter(voided_at__isnull=True, findings__code="S03", findings__active=True)
    for r in odd.distinct().order_by("id"):
        # the year the report states (S03's place): not always the year it is counted under (a year no page
        # serves is counted under the year given at import: services.placed_year)
        stated = next((p[2] for f in r.findings.filter(code="S03", active=True) for p in f.places
                       if isinstance(p, list) and len(p) == 3 and p[0] == "year"), r.year)
        print(f"年度不合理：{r.source_name}（报告写明 {stated} 年，"
              + (f"按 {r.year} 年计入，" if stated != r.year else "") + "请核对）")
    addr = ImportAddress.objects.filter(office=office) if office is not None else ImportAddress.objects.all()
    n = addresses.counts(addr)
    if n["pending"] or n["failed"]:
        print(f"网页地址：待抓取 {n['pending']}，抓取失败 {n['failed']}，已抓取 {n['fetched']}")
        for a in addr.filter(status="failed").order_by("id"):
            print(f"抓取失败\t{a.url}\t{a.reason}")
    unplaced = _scope_qs(office, None).filter(year__isnull=True, voided_at__isnull=True).count()
    if unplaced:
        print(f"另有 {unplaced} 份尚未审核完成或未识别年度（不计入上面的年度）")
    for row in coverage(office, args.year):
        first = (row["first_published_on"].isoformat() if row["first_published_on"] else
                 "发布日期未知" if row["first"] else "")
        print(f"{row['agency'].name}\t截止 {row['due'] or '条例未规定'}\t{row['state']}\t{first}\t版本 {row['versions']}"
              + (f"\t无法读取 {row['failed']} 个" if row["failed"] else ""))
    return 0


def cmd_export(args) -> int:
    _django()
    office = _office(args.office)
    qs = _scope_qs(office, args.year)
    unknown = _scope_qs(office, None).filter(year__isnull=True)  # 年度不明: listed beside every year
    output = _export_name(args.output, args.format)
    if args.format == "json":
        addr = ImportAddress.objects.filter(office=office) if office is not None else ImportAddress.objects.all()
        emit(json_text(export_json(qs, args.year, unknown, addresses=addr)), output)
        if output:
            print(f"已导出 {args.year} 年度评估表（JSON）到 {Path(output)}")
        return 0
    if not output:
        raise UsageError("导出 XLSX 时请用 -o 指定文件名")
    refuse_overwriting_input(output, [])
    try:
        with open(output, "wb") as fh:
            export_xlsx(fh, office, args.year, qs, unknown=unknown)
    except OSError as exc:
        raise UsageError(f"无法写入 {output}（{os_reason(exc)}）") from None
    print(f"已导出 {args.year} 年度评估表到 {Path(output)}")
    return 0


def _export_name(output: str | None, fmt: str) -> str | None:
    """``-o`` as written, or with the format's ending added when it has none (「-o 结果」 writes 结果.xlsx, which
    opens in Excel by a double click); a name ending as the other format is refused before anything is written."""
    if not output:
        return output
    suffix = Path(output).suffix.lower()
    if not suffix:
        return f"{output}.{fmt}"
    other = {"json": ".xlsx", "xlsx": ".json"}[fmt]
    if suffix in (other, ".xls", ".csv"):
        raise UsageError(f"输出文件 {output} 的扩展名是 {Path(output).suffix}，而 --format 是 {fmt}："
                         f"请把 -o 改为 {Path(output).with_suffix('.' + fmt).name}，或把 --format 改为与扩展名一致的格式")
    return output


def cmd_audit(args) -> int:
    """Audit again: the files still pending (a worker that was stopped), or --all of a year (after an
    upgrade with new rules; the supervisor's decisions stay where the evidence is unchanged)."""
    _django()
    office = _office(args.office)
    qs = _scope_qs(office, args.year)
    if not args.all:
        qs = qs.filter(status="pending")
    ids = list(qs.values_list("id", flat=True))
    # web addresses still 待抓取 (a worker stopped, a message lost): handed out again
    waiting = ImportAddress.objects.filter(status="pending")
    waiting = list((waiting.filter(office=office) if office is not None else waiting).values_list("id", flat=True))
    if waiting:
        fetched = enqueue_fetch(waiting)
        print(f"已把 {len(waiting)} 个待抓取的网页地址" + ("交给后台抓取。" if fetched == "queued" and broker_url()
                                                         else "在本进程抓取。"))
    if not ids:
        print("没有需要审核的文件。")
        return 0
    mode = enqueue(ids)
    if mode == "queued" and broker_url():
        print(f"已把 {len(ids)} 份交给后台审核（gongkai worker）。")
    else:
        c = status_counts(qs.model.objects.filter(id__in=ids))
        # (the parts add up to the whole: a 作废 file is audited again too, and counted apart)
        print(f"已审核 {len(ids)} 份：已审核 {c['audited']}，无法读取 {c['unreadable']}"
              + (f"，仍待审核 {c['pending']}" if c["pending"] else "")
              + (f"，已作废 {c['voided']}（不计入发布情况和统计）" if c["voided"] else "") + "。")
    return 0


# ------------------------------------------------------------------ 作废、恢复、改派、确认版本 (as on the report page)
class CommandLineActor:
    """Who ``gongkai supervise void|restore|reassign|confirm-version`` acts as without ``--as``: the server's
    operator (the system account running the command), named so in the audit log (操作人 “命令行（账户）”),
    with the review office's units as its scope.  Duck-types what the services read of a :class:`User`."""

    id = None
    role = ""

    def __init__(self, office):
        self.username = f"命令行（{_system_user()}）"[:150]
        self.agency_id = office.id if office is not None else None
        self._scope = office.subtree_ids() if office is not None else list(Agency.objects.values_list("id", flat=True))

    @property
    def display_name(self) -> str:
        return self.username

    def scope_agency_ids(self) -> list[int]:
        return self._scope

    def __str__(self) -> str:
        return self.username


def _system_user() -> str:
    import getpass
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - a service account without a passwd entry
        return "未知账户"


def _actor(args):
    """(office, actor): ``--as`` a 上级审查员 (its office and scope, its name in the audit log), else the
    command line's operator for ``--office`` (or the one top-level office)."""
    if args.as_user:
        user = User.objects.select_related("agency").filter(username=args.as_user).first()
        if user is None or user.role != "supervisor" or user.agency_id is None or not user.is_active:
            raise UsageError(f"没有名为“{args.as_user}”的上级审查员账户（--as 须是已启用、有所属机关的上级审查员）")
        if args.office and args.office != user.agency.name:
            raise UsageError(f"--as {args.as_user} 属于{user.agency.name}，与 --office {args.office} 不一致")
        adopt_orphans()
        return user.agency, user
    office = _office(args.office)
    return office, CommandLineActor(office)


def _find_report(text: str, office, actor) -> PublishedReport:
    """The file ``text`` names: its 编号 (the number in the report page's address /supervision/reports/编号/),
    its sha256 (or the first 8+ characters, as in the export), or the name it was imported under (with its
    folder or zip: 压缩包.zip/文件名; or the name alone when only one file has it)."""
    text = text.strip()
    qs = (services.visible(actor) if isinstance(actor, User) else _scope_qs(office, None)).select_related("agency")
    digits = text.lstrip("#")
    if digits.isdigit() and len(digits) < 8:
        found = list(qs.filter(pk=int(digits)))
    elif len(text) >= 8 and all(c in "0123456789abcdefABCDEF" for c in text):
        found = list(qs.filter(sha256__startswith=text.lower())[:21])
    else:
        found = list(qs.filter(source_name=text)[:21])
        if not found:
            found = [r for r in qs.filter(source_name__endswith=text)[:200]
                     if r.source_name.rsplit("/", 1)[-1] == text][:21]
    if not found:
        raise UsageError(f"找不到文件“{text}”（写编号——报告页地址 /supervision/reports/编号/ 中的数字，sha256 的前 8 位"
                         "以上，或导入时的文件名），或它不在本审查机关的范围内")
    if len(found) > 1:
        lines = "\n".join(f"  编号 {r.pk}\t{r.source_name}\t{r.agency.name if r.agency_id else '所属机关待确认'}"
                          f"\t{r.year or '年度未识别'}\tsha256 {r.sha256[:12]}" for r in found[:20])
        raise UsageError(f"“{text}”对应 {len(found)} 个文件{'（只列出前 20 个）' if len(found) > 20 else ''}，"
                         f"请改用编号或 sha256 指定：\n{lines}")
    return found[0]


def _describe(r: PublishedReport) -> str:
    return (f"{r.source_name}（编号 {r.pk}，{r.agency.name if r.agency_id else '所属机关待确认'}，"
            f"{r.year or '年度未识别'}{'' if r.year is None else ' 年度'}）")


def _changing(args, change):
    """Runs ``change(report, actor)`` on the file the arguments name; a refusal is said in Chinese, exit 2."""
    _django()
    office, actor = _actor(args)
    r = _find_report(args.report, office, actor)
    try:
        return change(r, actor)
    except SupervisionError as exc:
        raise UsageError(f"{r.source_name}：{exc}") from None


def cmd_void(args) -> int:
    def change(r, actor):
        cancelled = services.void_report(r, args.reason, actor)
        print(f"已作废：{_describe(r)}。该文件不计入发布情况、指标和导出的统计，原件和审核记录保留，"
              "可用 gongkai supervise restore 恢复。")
        words = services.cancelled_words(cancelled, r.agency.name if r.agency_id else "", None)
        if words:
            print(words)
        return 0
    return _changing(args, change)


def cmd_restore(args) -> int:
    def change(r, actor):
        services.restore_report(r, args.reason or "", actor)
        r.refresh_from_db()
        print(f"已恢复（撤销作废）：{_describe(r)}，该文件重新计入" + (f"，现为第{r.version}版。" if r.agency_id and r.year
                                                               else "。"))
        return 0
    return _changing(args, change)


def cmd_reassign(args) -> int:
    def change(r, actor):
        office = r.office or (actor.agency if isinstance(actor, User) else None)
        named = services.units(office).filter(name=args.to.strip())
        agency = named.first()
        if agency is None:
            found, total = services.search_units(office, actor, args.to)
            hint = (f"；名称相近的：{'、'.join(a.name for a in found[:10])}" + (f" 等 {total} 个" if total > 10 else "")
                    if found else "")
            raise UsageError(f"本审查机关及下级机关中没有名为“{args.to}”的机关{hint}")
        before = r.agency.name if r.agency_id else None
        cancelled = services.confirm_agency(r, agency, actor, args.reason or "")
        r.refresh_from_db()
        if before and before != agency.name:
            print(f"已改派：{r.source_name}（编号 {r.pk}）从{before}改派到{agency.name}，现为第{r.version}版。")
            words = services.cancelled_words(cancelled, before, agency.name)
            if words:
                print(words)
        else:
            print(f"已确认：{r.source_name}（编号 {r.pk}）属于{agency.name}" + (f"，第{r.version}版。" if r.year else "。"))
        return 0
    return _changing(args, change)


def cmd_confirm_version(args) -> int:
    def change(r, actor):
        services.pin_version(r, 0 if args.release else args.version, actor)
        r.refresh_from_db()
        if args.release:
            print(f"已取消确认：{_describe(r)} 按发布日期（未知时按导入时间）编号，现为第{r.version}版。")
        else:
            print(f"已确认：{_describe(r)} 为第{r.version}版，以后导入或确认的文件不会改变它。")
        return 0
    return _changing(args, change)


def _version_number(text: str) -> int:
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"版本号“{text}”不是正整数")
    return int(text)


def default_worker_name() -> str:
    """A worker's Celery node name unique on its machine: gongkai-<pid>@<host> (Celery's own default,
    celery@<host>, is the same for two workers of one machine, which the logs then cannot tell apart)."""
    return f"gongkai-{os.getpid()}@%h"


def _worker_name(text: str) -> str:
    """``--name``: a Celery node name (名称 or 名称@主机; %h is the host name), no spaces."""
    text = text.strip()
    if not text or any(c.isspace() for c in text) or text.startswith("@") or text.endswith("@"):
        raise argparse.ArgumentTypeError(f"“{text}”不是有效的 worker 名称（写作 名称 或 名称@主机，不含空格，"
                                         "如 worker1 或 worker1@%h）")
    return text


def cmd_worker(args) -> int:
    _django(migrate=False)
    if not broker_url():
        raise UsageError("没有配置后台服务：请设置 GONGKAI_BROKER_URL（例如 redis://127.0.0.1:6379/0）；"
                         "不设置时导入的报告直接在本机审核，不需要 gongkai worker")
    visibility_timeout()  # a wrong setting is said as such (ImproperlyConfigured: 设置有误), not as a dead broker
    if not reachable():
        raise UsageError(f"无法连接后台服务 {broker_url()}，请确认 Redis 已启动")
    _django()
    # folders a worker killed outright (kill -9) left in the temporary folder: those untouched for the visibility
    # timeout whose process is gone (services.clean_stale_link_dirs)
    stale = services.clean_stale_link_dirs(visibility_timeout())
    if stale:
        print(f"已清理此前中途停止的 worker 留下的 {len(stale)} 个临时文件夹")
    app = configure()
    print(f"后台审核已启动：{broker_url()}，队列 {QUEUE}（Ctrl+C 停止）")
    sys.stdout.flush()
    # what is loaded by now (Django, the readers, the auditor, Celery) stays for the life of the process: the
    # garbage collector stops walking it at every collection of a report's objects (a few % of each audit)
    gc.freeze()
    name = args.name or default_worker_name()
    print(f"本 worker 的名称：{name.replace('%h', socket.gethostname())}")
    sys.stdout.flush()
    app.worker_main(["worker", "--loglevel=INFO", f"--concurrency={args.concurrency}", "-Q", QUEUE, "-n", name,
                     "--without-gossip", "--without-mingle", "--pool=prefork" if args.concurrency > 1 else "--pool=solo"])
    return 0


def register(subparsers) -> None:
    s = add_command(subparsers, "supervise")
    sub = s.add_subparsers(dest="supervise_command", parser_class=type(s))
    i = sub.add_parser("import", help="导入已发布的年报（文件、文件夹或 zip）并审核")
    i.add_argument("paths", nargs="*", help="年报文件、文件夹、zip 压缩包（压缩包中的压缩包不展开），或网页地址"
                                            "（http:// 或 https://，由后台下载，记录该地址）；退出码：全部导入且可读时"
                                            "为 0，有未导入或无法读取的文件时为 2（交给后台审核时只反映导入）")
    i.add_argument("--urls", metavar="地址列表.txt",
                   help="网页地址列表（每行一个 http/https 地址，# 开头为注释）：每个地址记为“待抓取”，由后台"
                        "（gongkai worker；没有配置后台服务时在本进程）下载后导入，每个文件不超过 50 MB、30 秒超时，"
                        "失败的地址逐个说明原因（gongkai supervise coverage 列出）")
    i.add_argument("--year", type=_year, help="报告中没有写明年度时使用的年度")
    i.add_argument("--office", help="审查机关名称（平台中只有一个最上级机关时可省略）")
    i.add_argument("--published-on", type=_published_on, action="append", metavar="[文件名=]日期",
                   help="发布日期，用于判断是否按时公布：一个日期适用于全部文件，文件名=日期 只用于该文件（可重复）；"
                        "不指定时取文件中的日期（网页的发布日期标记、报告末尾的落款日期），没有的为“发布日期未知”")
    i.set_defaults(func=cmd_import)
    c = sub.add_parser("coverage", help="某年度各机关的年报发布情况（是否按时）")
    c.add_argument("--year", type=_year, required=True)
    c.add_argument("--office")
    c.set_defaults(func=cmd_coverage)
    e = sub.add_parser("export", help="导出某年度的审查结果（JSON 或 XLSX）")
    e.add_argument("--year", type=_year, required=True)
    e.add_argument("--format", choices=("json", "xlsx"), default="json")
    e.add_argument("-o", "--output")
    e.add_argument("--office")
    e.set_defaults(func=cmd_export)
    a = sub.add_parser("audit", help="重新审核：尚未审核完成的文件，或 --all 某年度的全部文件（保留未变的审查结论）")
    a.add_argument("--year", type=_year)
    a.add_argument("--all", action="store_true", help="全部文件（默认只审核仍为“待审核”的）")
    a.add_argument("--office")
    a.set_defaults(func=cmd_audit)
    report_help = ("要处理的文件：编号（报告页地址 /supervision/reports/编号/ 中的数字）、sha256（前 8 位以上，见导出）"
                   "或导入时的文件名（zip 中的写作 压缩包.zip/文件名）")

    def acting(p):
        p.add_argument("report", metavar="文件", help=report_help)
        p.add_argument("--office", metavar="机关", help="审查机关名称（平台中只有一个最上级机关时可省略）")
        p.add_argument("--as", dest="as_user", metavar="用户名",
                       help="以该上级审查员的名义操作（审计日志记该用户，范围为其机关及下级机关）；"
                            "不写时审计日志记为“命令行（本系统账户）”")
    v = sub.add_parser("void", help="作废/移除：该文件不是年报或不属于本辖区（保留原件和审核记录，不再计入；记入审计日志）")
    acting(v)
    v.add_argument("--reason", required=True, metavar="理由", help="作废的理由（必填，例如“不是年度报告，是政府信息公开指南”）")
    v.set_defaults(func=cmd_void)
    rs = sub.add_parser("restore", help="恢复（撤销作废）：该文件重新计入（记入审计日志）")
    acting(rs)
    rs.add_argument("--reason", metavar="理由", help="恢复的理由")
    rs.set_defaults(func=cmd_restore)
    ra = sub.add_parser("reassign", help="确认或改派所属机关：该文件属于 --to 指定的机关（改派时据此下发的未办结整改事项自动撤销；"
                                         "记入审计日志）")
    acting(ra)
    ra.add_argument("--to", required=True, metavar="机关", help="该文件所属机关的名称（本审查机关或其下级机关）")
    ra.add_argument("--reason", metavar="理由", help="理由（改派到另一个机关时必填）")
    ra.set_defaults(func=cmd_reassign)
    cv = sub.add_parser("confirm-version", help="确认该文件是第几版（以后导入、确认的文件不再改变它），或 --release 取消确认"
                                                "（记入审计日志）")
    acting(cv)
    which = cv.add_mutually_exclusive_group()
    which.add_argument("--version", type=_version_number, metavar="N", help="确认为第 N 版（默认：确认现在的版本号）")
    which.add_argument("--release", action="store_true", help="取消确认，回到按发布日期（未知时按导入时间）编号")
    cv.set_defaults(func=cmd_confirm_version)
    s.set_defaults(func=lambda args: (s.print_help(), 2)[1])
    w = add_command(subparsers, "worker")
    w.add_argument("--concurrency", type=jobs, default=1, help="同时审核的进程数（默认 1）")
    w.add_argument("--name", type=_worker_name, help="worker 的名称（传给 Celery 的 -n：名称 或 名称@主机，%%h 为主机名；"
                                                     "默认 gongkai-进程号@主机名，同一台机器上的多个 worker 各不相同）")
    w.set_defaults(func=cmd_worker)
