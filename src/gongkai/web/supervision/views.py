"""Pages of the supervising office (上级审查员 only).  Thin: operations live in services.py."""

from __future__ import annotations

import datetime as dt
import io
import secrets
from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from ..access import roles_required
from ..accounts.models import CASE_ROLES
from ..agencies.models import KINDS, Agency
from ..auditlog.services import record
from ..clock import today
from ..years import check_report_year
from . import addresses, indicators, services, tables
from .charts import bar_chart
from .intake import MAX_FILE_BYTES, MAX_ZIP_MEMBERS, REPORT_SUFFIXES, Batch, add_upload, stored_path
from .models import ImportAddress, Rectification, ReportFinding
from .tasks import broker_url, enqueue

SUPERVISOR = ("supervisor",)


def _year(request, key="year"):
    raw = request.GET.get(key) or request.POST.get(key)
    return check_report_year(raw) if raw else today().year - 1


def _report(request, pk):
    r = services.visible(request.user).filter(pk=pk).first()
    if r is None:
        raise Http404("找不到该报告，或您无权查看。")
    return r


def _office(request):
    if request.user.agency_id is None:
        from django.core.exceptions import PermissionDenied
        raise PermissionDenied("您的账户没有所属机关，请系统管理员设置后再使用上级审查。")
    return request.user.agency


@require_safe
@roles_required(*SUPERVISOR)
def index(request):
    year = _year(request)
    qs = services.visible(request.user)
    services.adopt_orphans()  # files imported before any agency existed (older versions) belong to the office
    view = services.year_view(_office(request), year, services.scope_filter(request.user))
    cov_all = view.rows
    # narrowing the table: a unit or region by name, a level, a region, a state
    try:
        region = int(request.GET.get("region") or 0) or None
    except ValueError:
        region = None
    filters = {"query": request.GET.get("q", "").strip()[:100], "kind": request.GET.get("kind", ""),
               "region": region, "state": request.GET.get("state", "")}
    cov = services.filter_coverage(cov_all, **filters)
    keep = "".join(f"&{k}={quote(str(v))}" for k, v in (("q", filters["query"]), ("kind", filters["kind"]),
                                                        ("region", region or ""), ("state", filters["state"])) if v)
    # a province has thousands of units and files: the tables are pages, the totals are counted in SQL
    cov_page = Paginator(cov, PAGE_UNITS).get_page(request.GET.get("page"))
    return render(request, "supervision/index.html", {
        **_files(request, qs, year),
        "upload_year": _upload_year(request),
        "years": list(range(today().year, today().year - 6, -1)),
        "coverage": cov_page, "coverage_rows": tables.coverage_rows(cov_page),
        "coverage_states": sorted(view.states.items()), "units_total": len(cov_all),
        "shown_total": len(cov), "filters": filters, "keep": keep, "kinds": list(KINDS.items()),
        "state_choices": [(k, label) for k, (label, _) in services.COVERAGE_FILTERS.items()],
        "regions": view.regions,
        "background": bool(broker_url()), "max_mb": MAX_FILE_BYTES // 1024 // 1024, "max_members": MAX_ZIP_MEMBERS,
        "suffixes": " ".join(sorted(REPORT_SUFFIXES)),  # (what the refusal lists: one list)
        "legend": services.COVERAGE_LEGEND,
    })


PAGE_UNITS = 100   # units per page of the coverage table
PAGE_FILES = 100   # files per page of the list of imported files
PAGE_INDICATORS = 50
TOP = 20           # bars per chart of the dashboard: the units with the most errors / the worst rates


def _published_on(raw, year=None):
    if not raw:
        return None
    try:
        day = dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise services.SupervisionError("发布日期格式不对，请用 年-月-日（例如 2025-01-20）。") from None
    services.check_published_on(day, year)
    return day


def _upload_year(request) -> int | None:
    """The year typed into the import form before a refusal sent it back (the form keeps it)."""
    raw = request.GET.get("upload_year") or ""
    try:
        return check_report_year(raw) if raw else None
    except Http404:
        return None


def _files(request, qs, year) -> dict:
    """The page's year: its files (a page of them), the files not yet placed (no unit or year), and the
    progress of both — the progress line and the file tables are refreshed together (:func:`progress`).
    The numbers come from one query (:func:`.services.file_counts`); the tables' rows are read as values
    (:data:`.tables.FILE_COLUMNS`), not as model objects."""
    live = qs.filter(voided_at__isnull=True)  # (作废 files are listed apart, counted nowhere)
    unplaced = live.filter(Q(year__isnull=True) | Q(agency__isnull=True))
    voided = qs.filter(Q(year=year) | Q(year__isnull=True), voided_at__isnull=False)
    counts = services.file_counts(qs, year)
    listed = live.filter(year=year).values(*tables.FILE_COLUMNS)
    paginator = Paginator(listed, PAGE_FILES)
    paginator.count = counts["listed"]  # (counted above with the rest: not again)
    files_page = paginator.get_page(request.GET.get("files"))
    fetch = addresses.visible(request.user)
    address_counts = addresses.counts(fetch)
    # (a list the counts say is empty is not asked for)
    unplaced_list = list(unplaced.values(*tables.FILE_COLUMNS)[:PAGE_FILES]) if counts["unplaced"] else []
    return {"address_counts": address_counts,
            "addresses": list(fetch.filter(status__in=("pending", "failed")).order_by("status", "-given_at", "-id")[
                :addresses.LISTED]) if address_counts["pending"] or address_counts["failed"] else [],
            "year": year, "year_counts": counts["year"], "counts": counts["year_or_unknown"],
            "reports": files_page, "report_rows": tables.report_rows(files_page),
            "unplaced": unplaced_list, "unplaced_rows": tables.report_rows(unplaced_list),
            "unplaced_total": counts["unplaced"],
            "voided": list(voided.select_related("agency").defer(*services.COVERAGE_DEFERRED).order_by("-voided_at")[
                :PAGE_FILES]) if counts["year_or_unknown"]["voided"] else []}


@require_safe
@roles_required(*SUPERVISOR)
def progress(request):
    """The progress line of the page's year, with the year's file tables swapped in beside it (htmx
    out-of-band), so rows go from 待审核 to 已审核 while the page stays open."""
    context = _files(request, services.visible(request.user), _year(request))
    return render(request, "supervision/_progress.html", {**context, "live": True})


@require_POST
@roles_required(*SUPERVISOR)
def upload(request):
    """Files, zips and web addresses (one per line: recorded as 待抓取, fetched by the worker — here without
    a broker — and then imported as an uploaded file is: :mod:`.addresses`)."""
    files = request.FILES.getlist("files")
    urls, bad_lines = addresses.parse_lines(request.POST.get("addresses", ""))
    if not files and not urls and not bad_lines:
        messages.error(request, "请选择要导入的年报文件或 zip 压缩包，或填写年报的网页地址。")
        return redirect("supervision:index")
    year = None
    if request.POST.get("year"):
        try:
            year = check_report_year(request.POST["year"])
        except Http404 as e:
            messages.error(request, str(e))
            return redirect("supervision:index")
    try:
        published_on = _published_on(request.POST.get("published_on"), year)
    except services.SupervisionError as e:
        messages.error(request, str(e))  # the form comes back with the year given (files cannot be kept)
        return redirect(reverse("supervision:index") + (f"?upload_year={year}" if year else ""))
    batch = Batch()
    for f in files:
        add_upload(f.name, f, f.size, batch)
    office = _office(request)
    results = services.import_batch(batch, office=office, by=request.user.username, year=year,
                                    published_on=published_on) if files else []
    if urls:
        results += addresses.import_addresses(urls, office=office, by=request.user.username, year=year,
                                              published_on=published_on)
    results += bad_lines
    new = [r for r in results if r.state == "new"]
    record(request.user, "supervision_import", None,
           new={"files": [r.name for r in results if r.name not in urls], "addresses": urls, "new": len(new),
                "fetching": sum(r.state == "pending" for r in results)}, agency_id=request.user.agency_id)
    # 后台 only if something is still waiting for it (an unreachable broker audits in this process)
    waiting = any(r.report is not None and r.report.status == "pending" for r in new)
    queued = bool(broker_url())
    token = _keep_import(request, results, office, in_process=queued and bool(new) and not waiting)
    # the result page has its own address: after the upload the browser goes there (reloading it shows the
    # result again instead of asking to send the files once more)
    return redirect("supervision:imported", token=token)


#: the imports whose result pages a session keeps (each page refreshes its rows from the database)
KEPT_IMPORTS = 5


def _keep_import(request, results, office, *, in_process: bool) -> str:
    """Keep this import's lines in the session under a new token (the last :data:`KEPT_IMPORTS`): its result
    page is then a page of its own that shows each file's state as it is now — 待审核 turning into 已审核
    while the worker (or another import of the same file) audits it — not a snapshot of the moment of the
    upload.  A web address still 待抓取 is followed by its row (:class:`ImportAddress`)."""
    pending = [r.name for r in results if r.state == "pending"]
    address_ids = dict(ImportAddress.objects.filter(office=office, url__in=pending).values_list("url", "id")) \
        if pending else {}
    token = secrets.token_urlsafe(9)
    kept = dict(request.session.get("supervision_imports") or {})
    own = [r.report.pk for r in results if r.state == "new" and r.report is not None]
    kept[token] = {"at": timezone.now().isoformat(timespec="seconds"), "in_process": in_process, "own": own,
                   "lines": [[r.name, r.state, r.reason, r.report.pk if r.report is not None else None,
                              address_ids.get(r.name) if r.state == "pending" else None] for r in results]}
    for old in sorted(kept, key=lambda t: kept[t]["at"])[:-KEPT_IMPORTS]:
        del kept[old]
    request.session["supervision_imports"] = kept
    return token


def _imported_context(request, token: str) -> dict:
    """An import's result as it stands now: each file's unit, year, version and audit state read again (one
    query for the files, one for the addresses still being fetched).  A file another import brought in first
    and is still auditing is said so, with its link — and the page refreshes until nothing is waiting."""
    kept = (request.session.get("supervision_imports") or {}).get(token)
    if kept is None:
        raise Http404("找不到这次导入的结果（只保留本次登录最近的几次导入）；请在“上级审查”页查看各文件的状态。")
    lines = kept["lines"]
    reports = services.visible(request.user).select_related("agency").in_bulk(
        [line[3] for line in lines if line[3]])
    fetch = addresses.visible(request.user).select_related("report", "report__agency").in_bulk(
        [line[4] for line in lines if line[4]])
    own = set(kept.get("own") or [])
    results = []
    for name, state, reason, report_id, address_id in lines:
        item = services.Imported(name, state, reports.get(report_id) if report_id else None, reason=reason)
        a = fetch.get(address_id) if address_id else None
        if a is not None and a.status != "pending":  # fetched (or failed) since
            item = addresses.outcome(a)[0]
            item.name = name
        if (item.state == "duplicate" and item.report is not None and item.report.status == "pending"
                and item.report.pk not in own and not item.reason):
            when = timezone.localtime(item.report.imported_at)
            item.reason = (f"该文件已由另一次导入（{item.report.imported_by}，{when:%Y-%m-%d %H:%M}）导入，正在审核，"
                           "审核完成后本页显示结果")
        results.append(item)
    new = [r for r in results if r.state == "new"]
    waiting = any(r.report is not None and r.report.status == "pending" for r in results)
    fetching = any(r.state == "pending" for r in results)
    return {"results": results, "token": token, "live": waiting or fetching, "waiting": waiting,
            "background": bool(broker_url()) and waiting, "in_process": kept.get("in_process") and bool(new),
            "fetching": fetching, "at": _kept_time(kept["at"]), "counts": {
                "pending": sum(r.report is not None and r.report.status == "pending" for r in results),
                "audited": sum(r.report is not None and r.report.status == "audited" for r in results),
                "unreadable": sum(r.report is not None and r.report.status == "unreadable" for r in results)}}


def _kept_time(at: str):
    """The import's time kept in the session (ISO, UTC) as an aware datetime: the page shows it, as every page
    does, in the configured TIME_ZONE (the template's date filter converts it)."""
    when = dt.datetime.fromisoformat(at)
    return when if timezone.is_aware(when) else timezone.make_aware(when, dt.timezone.utc)


@require_safe
@roles_required(*SUPERVISOR)
def imported(request, token):
    """An import's result page (reloadable), or — ``?live=1``, what the page asks every 5 seconds while a file
    is still 待审核 or an address 待抓取 — its table alone."""
    context = _imported_context(request, token)
    template = "supervision/_imported.html" if request.GET.get("live") else "supervision/imported.html"
    return render(request, template, context)


@require_POST
@roles_required(*SUPERVISOR)
def refetch(request, pk):
    """重新抓取 an address of the import (failed, or fetched and perhaps changed since)."""
    a = addresses.visible(request.user).filter(pk=pk).first()
    if a is None:
        raise Http404("找不到该网页地址，或您无权查看。")
    lines = addresses.refetch(a)
    record(request.user, "supervision_refetch", None, new={"address": a.url}, agency_id=request.user.agency_id)
    a.refresh_from_db()
    if a.status == "pending":
        messages.success(request, f"已交给后台重新抓取：{a.url}")
    elif a.status == "failed":
        messages.error(request, f"仍未取得文件：{a.url}（{a.reason}）")
    else:
        dup = any(i.state == "duplicate" for i in lines)
        messages.success(request, f"已重新抓取：{a.url}" + ("（内容与已导入的文件相同，不重复计入）" if dup else ""))
    return redirect("supervision:index")


@require_safe
@roles_required(*SUPERVISOR)
def report_detail(request, pk):
    r = _report(request, pk)
    findings = list(r.findings.prefetch_related("rectifications__agency"))
    active = [f for f in findings if f.active]
    order = {"error": 0, "warning": 1, "notice": 2}
    active.sort(key=lambda f: (f.review not in ("open", "reopened"), order.get(f.severity, 3), f.id))
    query = (request.GET.get("q") or "").strip()[:100]
    found, found_total = services.search_units(r.office, request.user, query)
    versions = services.visible(request.user).filter(agency=r.agency, year=r.year, status="audited",
                                                     same_as__isnull=True, voided_at__isnull=True).order_by("version") \
        if r.agency_id and r.year else []
    formats = services.visible(request.user).filter(
        Q(pk=r.same_as_id) | Q(same_as_id=r.same_as_id or r.pk)).exclude(pk=r.pk).order_by("imported_at", "id")
    return render(request, "supervision/report.html", {
        "r": r, "findings": active, "resolved": [f for f in findings if not f.active], "q": query,
        "found": found, "found_total": found_total, "search_limit": services.SEARCH_LIMIT,
        "versions": versions, "formats": formats})


@require_safe
@roles_required(*SUPERVISOR)
def unit_options(request):
    """The units matching ``q`` as <option>s, for the search field's <datalist> (the page works without it)."""
    raw = request.GET.get("report") or ""
    office = _report(request, int(raw)).office if raw.isdigit() else _office(request)
    found, _ = services.search_units(office, request.user, (request.GET.get("q") or "").strip()[:100])
    return render(request, "supervision/_unit_options.html", {"found": found})


@require_POST
@roles_required(*SUPERVISOR)
def confirm(request, pk):
    r = _report(request, pk)
    try:
        agency = Agency.objects.filter(pk=int(request.POST.get("agency", ""))).first()
    except ValueError:
        agency = None
    if agency is None:
        messages.error(request, "请选择该报告所属的机关。")
    else:
        moving = r.agency_id is not None and r.agency_id != agency.id
        old_name = r.agency.name if moving else ""
        try:
            cancelled = services.confirm_agency(r, agency, request.user, request.POST.get("reason", ""))
            if moving:
                messages.success(request, f"已改派：该报告属于{agency.name}（原匹配的机关不再计入该文件）。"
                                 + services.cancelled_words(cancelled, old_name, agency.name))
            else:
                messages.success(request, f"已确认：该报告属于{agency.name}。")
        except services.SupervisionError as e:
            messages.error(request, str(e))
    return redirect("supervision:report", pk=r.pk)


def _voiding(request, pk, change, done):
    """作废 and 恢复 (撤销作废): ``change(report, reason, user)`` with the form's reason, ``done(report, result)``
    the message when it worked; both audit-logged by the service, both back to the report's page."""
    r = _report(request, pk)
    try:
        result = change(r, request.POST.get("reason", ""), request.user)
        messages.success(request, done(r, result))
    except services.SupervisionError as e:
        messages.error(request, str(e))
    return redirect("supervision:report", pk=r.pk)


@require_POST
@roles_required(*SUPERVISOR)
def void(request, pk):
    """作废/移除: not a report (or not one of this office's units): kept, counted nowhere; audit-logged."""
    return _voiding(request, pk, services.void_report, lambda r, cancelled: (
        "已作废：该文件不计入发布情况、指标和导出的统计，原件和审核记录保留，可恢复。"
        + services.cancelled_words(cancelled, r.agency.name if r.agency_id else "", None)))


@require_POST
@roles_required(*SUPERVISOR)
def restore(request, pk):
    return _voiding(request, pk, services.restore_report, lambda r, _: "已恢复：该文件重新计入。")


@require_POST
@roles_required(*SUPERVISOR)
def pin_version(request, pk):
    """确认版本 (the number stays whatever arrives later), or release it (``release``)."""
    r = _report(request, pk)
    raw = (request.POST.get("version") or "").strip()
    try:
        if request.POST.get("release"):
            number = 0
        elif not raw:
            number = None
        elif raw.isdigit():
            number = int(raw)
        else:
            raise services.SupervisionError(f"版本号“{raw[:20]}”不是正整数。")
        services.pin_version(r, number, request.user)
        r.refresh_from_db()
        messages.success(request, f"已确认：该文件为第{r.version}版，以后导入或确认的文件不会改变它。" if number != 0
                         else f"已取消确认：版本按发布日期（未知时按导入时间）编号，现为第{r.version}版。")
    except services.SupervisionError as e:
        messages.error(request, str(e))
    return redirect("supervision:report", pk=r.pk)


@require_POST
@roles_required(*SUPERVISOR)
def reaudit(request, pk):
    r = _report(request, pk)
    mode = enqueue([r.pk])
    record(request.user, "supervision_reaudit", r)
    messages.success(request, "已重新审核。" if mode == "in-process" else "已排队重新审核，后台完成后刷新本页即可看到结果。")
    return redirect("supervision:report", pk=r.pk)


@require_POST
@roles_required(*SUPERVISOR)
def review(request, pk):
    f = ReportFinding.objects.filter(pk=pk, report__in=services.visible(request.user)).first()
    if f is None:
        raise Http404("找不到该审核意见，或您无权查看。")
    try:
        services.review_finding(f, request.POST.get("decision", ""), request.POST.get("comment", ""), request.user)
        messages.success(request, f"已记录对 {f.code} 的审查结论：{f.review_label}。")
    except services.SupervisionError as e:
        messages.error(request, str(e))
    return redirect(reverse("supervision:report", args=[f.report_id]) + f"#f{f.pk}")


@require_safe
@roles_required(*SUPERVISOR)
def export_xlsx(request, year):
    year = check_report_year(year)
    qs = services.visible(request.user).filter(year=year)
    buf = io.BytesIO()
    services.export_xlsx(buf, _office(request), year, qs, request.user.scope_agency_ids(),
                         unknown=services.visible(request.user).filter(year__isnull=True))
    resp = HttpResponse(buf.getvalue(),
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = f"attachment; filename=\"supervision-{year}.xlsx\""
    return resp


# ------------------------------------------------------------------ dashboard, 整改
@require_safe
@roles_required(*SUPERVISOR)
def dashboard(request):
    year = _year(request)
    scope = services.scope_filter(request.user, "agency_id")
    view = services.year_view(_office(request), year, services.scope_filter(request.user))
    cov = view.rows
    states = {}
    for row in cov:
        key = ("该年度不计" if row["not_established"] else "按时发布" if row["on_time"]
               else "已发布（无期限）" if row["published"] and row["due"] is None
               else "已发布（发布日期未知）" if row["published"] and row["first_published_on"] is None
               else "逾期发布" if row["published"] else "未发布（已逾期）" if row["overdue"]
               else "未发布（无期限）" if row["due"] is None else "未发布（未到期）")
        states[key] = states.get(key, 0) + 1
    always = ("按时发布", "逾期发布", "未发布（已逾期）", "未发布（未到期）")
    coverage_chart = bar_chart([(k, states.get(k, 0), lvl) for k, lvl in (
        ("按时发布", "green"), ("逾期发布", "yellow"), ("已发布（发布日期未知）", "grey"), ("未发布（已逾期）", "red"),
        ("未发布（未到期）", "grey"), ("已发布（无期限）", "green"), ("未发布（无期限）", "grey"), ("该年度不计", "grey"))
        if k in states or k in always],
        title=f"{year} 年度发布情况（机关数）", unit=" 个")
    latest = view.latest
    values = view.indicators()  # (kept with the view: the figures of a province's units are read once)
    many = len(latest) > TOP  # a chart shows at most TOP units: those with the most errors / the worst rates
    worst = sorted(latest, key=lambda r: (-r.errors, r.agency_id))[:TOP] if many else latest
    errors_chart = bar_chart([(r.agency.name, r.errors, "red" if r.errors else "") for r in worst],
                             title=(f"年报审核“错误”最多的 {TOP} 个机关（最新版本，共 {len(latest)} 个）" if many
                                    else "各机关年报审核“错误”数（最新版本）"), unit=" 项")
    charts = [errors_chart]
    limits = indicators.thresholds()
    for key in ("carry_rate", "withheld_rate", "review_correction_rate"):
        shown, title = latest, indicators.LABELS[key]
        if many:
            high = limits[key][2] == "high"
            known = [r for r in latest if values[r.pk][key] is not None]
            shown = sorted(known, key=lambda r: ((-1 if high else 1) * values[r.pk][key], r.agency_id))[:TOP]
            title += f"（最{'高' if high else '低'}的 {TOP} 个机关）"
        charts.append(bar_chart([(r.agency.name, values[r.pk][key], indicators.level(key, values[r.pk][key], limits))
                                 for r in shown], title=title, percent=True))
    # the table's rows are built for the page shown only
    ind_page = Paginator(latest, PAGE_INDICATORS).get_page(request.GET.get("page"))
    ind_page.object_list = indicators.rows(ind_page.object_list, values)
    items = Rectification.objects.filter(scope, year=year).select_related("agency", "finding")
    return render(request, "supervision/dashboard.html", {
        "year": year, "years": list(range(today().year, today().year - 6, -1)), "coverage_chart": coverage_chart,
        "charts": charts, "ind_rows": ind_page, "ind_total": len(latest),
        "ind_labels": [indicators.LABELS[k] for k in ("received", "concluded", *indicators.RATES)],
        "thresholds": [(indicators.LABELS[k], t) for k, t in indicators.thresholds().items()],
        "items": items, "today": today(), "legend": services.COVERAGE_LEGEND})


@require_POST
@roles_required(*SUPERVISOR)
def rectify(request, pk):
    f = ReportFinding.objects.filter(pk=pk, report__in=services.visible(request.user)).first()
    if f is None:
        raise Http404("找不到该审核意见，或您无权查看。")
    try:
        due_on = dt.date.fromisoformat(request.POST.get("due_on", ""))
    except ValueError:
        messages.error(request, "请填写整改期限（年-月-日）。")
        return redirect(reverse("supervision:report", args=[f.report_id]) + f"#f{f.pk}")
    try:
        services.issue_rectification(f, due_on, request.POST.get("description", ""), request.user)
        messages.success(request, f"已向{f.report.agency.name}下发整改，期限 {due_on}。")
    except services.SupervisionError as e:
        messages.error(request, str(e))
    return redirect(reverse("supervision:report", args=[f.report_id]) + f"#f{f.pk}")


@require_POST
@roles_required(*SUPERVISOR)
def close_rectification(request, pk):
    item = Rectification.objects.filter(pk=pk, agency_id__in=request.user.scope_agency_ids()).first()
    if item is None:
        raise Http404("找不到该整改事项，或您无权查看。")
    try:
        services.close_rectification(item, request.POST.get("status", ""), request.POST.get("note", ""), request.user)
        messages.success(request, f"整改事项已标记为“{item.status_label}”。")
    except services.SupervisionError as e:
        messages.error(request, str(e))
    return redirect(reverse("supervision:dashboard") + f"?year={item.year}")


@require_POST
@roles_required(*SUPERVISOR)
def set_published_on(request, pk):
    r = _report(request, pk)
    try:
        day = _published_on(request.POST.get("published_on"), r.year)
        if day is None:
            raise services.SupervisionError("请填写发布日期。")
        services.set_published_on(r, day, request.user)
    except services.SupervisionError as e:
        messages.error(request, str(e))
        return redirect("supervision:report", pk=r.pk)
    messages.success(request, f"发布日期已改为 {day}。")
    return redirect("supervision:report", pk=r.pk)


@require_safe
@roles_required(*SUPERVISOR)
def download(request, pk):
    """The stored file as published, always as a download (an HTML report is never rendered in the platform)."""
    from django.http import FileResponse

    r = _report(request, pk)
    path = stored_path(r.sha256)
    if not path.exists():
        raise Http404("该文件不在数据文件夹中（可能被删除），请重新导入。")
    return FileResponse(open(path, "rb"), as_attachment=True, filename=r.source_name.rsplit("/", 1)[-1],
                        content_type="application/octet-stream")


# ------------------------------------------------------------------ the unit's side of 整改
@require_safe
@roles_required(*CASE_ROLES)
def my_rectifications(request):
    items = Rectification.objects.filter(agency_id=request.user.agency_id).select_related("finding", "report")
    return render(request, "supervision/my_rectifications.html", {"items": items, "today": today()})


@require_POST
@roles_required(*CASE_ROLES)
def respond(request, pk):
    item = Rectification.objects.filter(pk=pk, agency_id=request.user.agency_id).first()
    if item is None:
        raise Http404("找不到该整改事项，或您无权查看。")
    try:
        services.respond_rectification(item, request.POST.get("response", ""), request.user)
        messages.success(request, "已报送整改情况。")
    except services.SupervisionError as e:
        messages.error(request, str(e))
    return redirect("supervision:my_rectifications")
