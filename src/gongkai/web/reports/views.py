"""Annual report workspace, supervisor overview, 汇总 report, export."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST, require_safe

from gongkai.publications.annual import PLACEHOLDER_MARK
from gongkai.writers import WRITERS, RenderError
from gongkai.writers.html import write_html

from ..access import check_agency, roles_required
from ..accounts.models import CASE_ROLES, READ_ROLES, role_code
from ..agencies.models import Agency
from ..auditlog.services import record
from ..urls_fast import esc, url_pattern
from ..clock import today
from ..deadlines import publication_due as due_and_basis
from ..downloads import attachment, report_filename
from ..years import check_report_year, report_years
from . import cache
from .models import SIGNOFF_CHAIN, ReportDraft
from .services import (SECTIONS, build, counted_rows, figures_digest, findings, parse_table2, signed_report,
                       table2_fields)


def default_year() -> int:
    d = today()
    return d.year - 1 if d.month <= 6 else d.year


def _draft(agency, year) -> ReportDraft:
    return ReportDraft.objects.filter(agency=agency, year=year).first() or ReportDraft(agency=agency, year=year)


def _report(agency, year, draft=None):
    draft = draft or _draft(agency, year)
    return build([agency.id], {agency.id: agency.name}, year, [draft], agency_name=agency.name)


def placeholders(rep) -> dict[str, list[str]]:
    """Section number → generated paragraphs still holding a 【待填写…】 placeholder for the office."""
    out: dict[str, list[str]] = {}
    for n, sec in rep.sections.items():
        for text, _ in sec.paragraphs:
            if PLACEHOLDER_MARK in text:
                out.setdefault(n, []).append(text)
    return out


def _reminder(year, agency=None):
    """The publication deadline of 条例第四十九条 for ``agency`` (部门 1月31日, 县级以上地方人民政府 3月31日)."""
    due, basis = due_and_basis(year, agency)
    if due is None:  # a 乡镇 without a local date: the 条例 sets none
        return {"due": None, "left": None, "text": f"{basis}。"}
    left = (due - today()).days
    state = f"已过期 {-left} 天" if left < 0 else f"还有 {left} 天"
    who = f"{agency.name}的" if agency is not None else "各部门的"
    text = f"{basis}。{who}{year}年度报告应于 {due} 前向社会公布，{state}。"
    if agency is not None and agency.kind in ("county", "city"):  # its departments: 第一款, 1月31日
        text += f"本级政府各部门的年度报告应于 {due_and_basis(year, None)[0]} 前公布（条例第四十九条第一款）。"
        township, _ = due_and_basis(year, Agency(kind="township"))
        text += (f"乡镇人民政府、街道办事处的年度报告条例未规定期限，按本地规定于 {township} 前公布。" if township
                 else "乡镇人民政府、街道办事处的年度报告，条例未规定期限。")
    return {"due": due, "left": left, "text": text}


@require_safe
@roles_required(*READ_ROLES)
def index(request):
    year = check_report_year(request.GET.get("year") or default_year())
    agencies = Agency.objects.filter(id__in=request.user.scope_agency_ids())
    return render(request, "reports/index.html", {"agencies": agencies, "year": year,
                                                  "years": [y for y in range(today().year, today().year - 5, -1)
                                                            if y in report_years()],
                                                  "is_supervisor": request.user.role == "supervisor"})


@require_safe
@roles_required(*READ_ROLES)
def workspace(request, agency_id: int, year: int):
    check_report_year(year)
    agency = get_object_or_404(Agency, pk=agency_id)
    check_agency(request.user, agency)

    def built():
        d = _draft(agency, year)
        return d, _report(agency, year, d)

    # the built report, its audit and preview are kept by the agency's record version (issue #16)
    rep, found, preview, signed, changes, timeliness = cache.workspace_report(agency, year, built)
    draft = _draft(agency, year)
    can_write = request.user.handles_cases and agency.id == request.user.agency_id and not draft.is_signed
    posted = getattr(request, "gongkai_posted", None)  # a refused save: show what was typed, not the stored values
    t2 = [(k, rl, cl, unit, {"value": posted.get(f"v_{k}", ""), "source": posted.get(f"s_{k}", "")} if posted
           else (draft.table2 or {}).get(k, {})) for k, rl, cl, unit in table2_fields()]
    rows = counted_rows()
    t2_counted = []
    for k, rl, cl, unit in table2_fields(counted=True):
        row_id, col_id = k.split(":")
        where, url_name = rows[row_id]
        cell = rep.cell("二", row_id, col_id)
        t2_counted.append((rl, cl, unit, cell.display(), where,
                           _url_or_none(url_name)))
    todo = placeholders(rep)
    sections = [(n, t, posted.get(f"section_{n}", "") if posted else (draft.sections or {}).get(n, ""),
                 [p for p, loc in rep.sections[n].paragraphs if loc.source == "由办件记录生成"], todo.get(n, []))
                for n, t in SECTIONS]
    chain = []
    prev_done = True
    for step, label in SIGNOFF_CHAIN:
        s = (draft.signoffs or {}).get(step)
        if s:
            s = {**s, "at": _local_time(s.get("at", ""))}
        chain.append({"step": step, "label": label, "done": s,
                      "can": can_write and not s and prev_done and request.user.role == step})
        prev_done = bool(s)
    counts = _counts(found)
    return render(request, "reports/workspace.html", {
        "agency": agency, "year": year, "draft": draft, "preview": mark_safe(preview), "findings": found,
        "signed": draft.is_signed, "changes": changes,
        "can_withdraw": draft.is_signed and request.user.role == "signatory" and agency.id == request.user.agency_id,
        "counts": counts, "table2": t2, "table2_counted": t2_counted, "sections": sections, "chain": chain, "can_write": can_write,
        "reminder": _reminder(year, agency), "received": rep.value("三", "received", "total"),
        # issue #9 item 5: 按期答复率 of the year's replies (not a table of the format: shown, not exported)
        "timeliness": timeliness, "year_open": _year_open(year)})


def _year_open(year: int) -> bool:
    """The year is not over yet (签发 now would leave out what happens in the rest of it)."""
    import datetime as dt
    return today() <= dt.date(year, 12, 31)


@require_POST
@roles_required(*CASE_ROLES)
def check(request, agency_id: int, year: int):
    """The audit panel for what the clerk has typed but not saved (htmx, on input in 表二 or 正文).

    Reads the same fields as the 表二 and 正文 forms; saves nothing. Returns the panel fragment: the
    findings of :func:`gongkai.audit.audit` on the draft with those values, and the entries that cannot
    be read (e.g. "十二" in a count) — those are left as saved and named in the panel.
    """
    check_report_year(year)
    agency = get_object_or_404(Agency, pk=agency_id)
    check_agency(request.user, agency, write=True)
    draft = _draft(agency, year)
    input_errors: list[str] = []
    if any(f"v_{k}" in request.POST for k, *_ in table2_fields()):
        clean, input_errors = parse_table2(_posted_table2(request))
        if not input_errors:
            draft.table2 = clean
    if any(f"section_{n}" in request.POST for n, _ in SECTIONS):
        draft.sections = {n: request.POST.get(f"section_{n}", (draft.sections or {}).get(n, "")).strip()
                          for n, _ in SECTIONS}
    rep = _report(agency, year, draft)
    found = findings(rep)
    return render(request, "reports/_audit_panel.html", {
        "agency": agency, "year": year, "findings": found, "counts": _counts(found),
        "input_errors": input_errors, "unsaved": True})


def _counts(found) -> dict[str, int]:
    return {sev: sum(1 for f in found if f.severity == sev) for sev in ("error", "warning", "notice")}


def _posted_table2(request) -> dict:
    """The posted 表二 fields (entered and counted cells alike, so a counted one is refused by name)."""
    return {k: {"value": request.POST.get(f"v_{k}", ""), "source": request.POST.get(f"s_{k}", "")}
            for k, *_ in table2_fields() + table2_fields(counted=True)}


def _url_or_none(name):
    from django.urls import NoReverseMatch, reverse
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _local_time(iso: str) -> str:
    """An ISO timestamp as the office reads it: local time (settings.TIME_ZONE), to the minute."""
    import datetime as dt
    try:
        return timezone.localtime(dt.datetime.fromisoformat(iso)).strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        return iso


def _refuse_if_signed(request, draft) -> bool:
    if draft.is_signed:
        messages.error(request, "报告已签发，不能直接修改；如需修改，请由签发人先“撤回签发”。")
        return True
    return False


def _writable_draft(request, agency_id, year):
    agency = get_object_or_404(Agency, pk=agency_id)
    check_agency(request.user, agency, write=True)
    draft, _ = ReportDraft.objects.get_or_create(agency=agency, year=year)
    return agency, draft


def _save(request, draft, version, **changes):
    """Save ``changes`` if the draft is still at ``version`` (the form's hidden field, a string)."""
    try:
        version = int(version)
    except (TypeError, ValueError):
        messages.error(request, "表单缺少有效的版本号（页面可能已过期），本次修改未保存；请刷新页面后重试。")
        return False
    with transaction.atomic():
        n = ReportDraft.objects.filter(pk=draft.pk, version=version).update(version=F("version") + 1, **changes)
    if n != 1:
        messages.error(request, "报告已被他人修改，本次修改未保存；请刷新页面后重试。")
        return False
    return True


def _save_posted(request, agency_id: int, year: int):
    """Save what the form posted — table 二, the narrative, or both (the workspace posts both in one form, so
    typing the narrative and then pressing 保存 by table 二 keeps the narrative) — in one version step."""
    check_report_year(year)
    agency, draft = _writable_draft(request, agency_id, year)
    if _refuse_if_signed(request, draft):
        return redirect("reports:workspace", agency_id=agency_id, year=year)
    changes, saved = {}, []
    if any(k.startswith(("v_", "s_")) for k in request.POST):
        clean, errors = parse_table2(_posted_table2(request))
        if errors:
            for e in errors:
                messages.error(request, e)
            if any(f"section_{n}" in request.POST for n, _ in SECTIONS):
                messages.error(request, "表二有误，表二和正文都未保存；请改正后再保存（页面上的输入仍在）。")
            return _workspace_after_error(request, agency, year)
        changes["table2"] = clean
        saved.append("表二")
    if any(f"section_{n}" in request.POST for n, _ in SECTIONS):
        changes["sections"] = {n: request.POST.get(f"section_{n}", (draft.sections or {}).get(n, "")).strip()
                               for n, _ in SECTIONS}
        saved.append("正文")
    if not changes:
        messages.error(request, "没有可保存的内容。")
    elif _save(request, draft, request.POST.get("version"), signoffs={}, **changes):
        if "table2" in changes:
            record(request.user, "report_table2", draft, old=draft.table2, new=changes["table2"], request=request,
                   agency_id=agency.id)
        if "sections" in changes:
            record(request.user, "report_sections", draft, old=draft.sections, new=changes["sections"],
                   request=request, agency_id=agency.id)
        messages.success(request, "和".join(saved) + "已保存（签核记录已清除，请重新提交）。")
    return redirect("reports:workspace", agency_id=agency_id, year=year)


def _workspace_after_error(request, agency, year):
    """After a refused save, back to the workspace (the browser keeps nothing on a redirect, so the
    page is shown again with the posted values in the fields)."""
    request.gongkai_posted = request.POST
    request.method = "GET"
    return workspace(request, agency.id, year)


@require_POST
@roles_required(*CASE_ROLES)
def save(request, agency_id: int, year: int):
    return _save_posted(request, agency_id, year)


@require_POST
@roles_required(*CASE_ROLES)
def save_table2(request, agency_id: int, year: int):
    return _save_posted(request, agency_id, year)


@require_POST
@roles_required(*CASE_ROLES)
def save_sections(request, agency_id: int, year: int):
    return _save_posted(request, agency_id, year)


@require_POST
@roles_required(*CASE_ROLES)
def signoff(request, agency_id: int, year: int, step: str):
    check_report_year(year)
    agency, draft = _writable_draft(request, agency_id, year)
    steps = [s for s, _ in SIGNOFF_CHAIN]
    step = role_code(step)  # a step under its old name (signer) from a page opened before the rename
    if step not in steps or request.user.role != step:
        raise PermissionDenied("签核须按 经办人 → 审核人 → 签发人 的顺序，由相应角色办理。")
    i = steps.index(step)
    signoffs = dict(draft.signoffs or {})
    if any(s not in signoffs for s in steps[:i]) or step in signoffs:
        messages.error(request, "请按 经办人提交 → 审核人审核 → 签发人签发 的顺序签核。")
        return redirect("reports:workspace", agency_id=agency_id, year=year)
    if step == steps[-1] and _year_open(year) and request.POST.get("early") != "1":
        d = today()
        _, basis = due_and_basis(year, agency)  # the workspace's and the coverage's deadline, by the unit's level
        messages.warning(request, f"{year}年尚未结束（今天是 {d.year}年{d.month}月{d.day}日），"
                                  f"现在签发的报告不含本年余下时间的办件和登记；年度报告一般在年度结束后签发（{basis}）。"
                                  "确需现在签发的，请勾选“年度尚未结束，仍然签发”后再签发。")
        return redirect("reports:workspace", agency_id=agency_id, year=year)
    rep = _report(agency, year, draft)
    errors = [f for f in findings(rep) if f.severity == "error"]
    if errors:
        messages.error(request, f"审核发现 {len(errors)} 个错误，改正后才能签核：{errors[0].message}")
        return redirect("reports:workspace", agency_id=agency_id, year=year)
    todo = placeholders(rep)
    if todo:
        messages.error(request, "正文第" + "、".join(todo) + "部分还有【待填写】的内容，请在正文中写明后再签核。")
        return redirect("reports:workspace", agency_id=agency_id, year=year)
    digest = figures_digest(rep)
    before = signoffs.get(steps[i - 1], {}).get("digest") if i else None
    if before is not None and before != digest:
        # the records counted into the tables changed since the previous step: that step approved other figures
        if _save(request, draft, request.POST.get("version"), signoffs={}):
            record(request.user, "report_signoff_reset", draft, old={"signoffs": list(signoffs)}, new={"signoffs": []},
                   request=request, agency_id=agency.id)
            messages.error(request, f"{dict(SIGNOFF_CHAIN)[steps[i - 1]]}之后，表格数字因办件或登记簿的变化而改变，"
                                    "签核记录已清除；请经办人核对后重新提交。")
        return redirect("reports:workspace", agency_id=agency_id, year=year)
    signoffs[step] = {"by": request.user.display_name, "at": timezone.now().isoformat(timespec="seconds"),
                      "digest": digest}
    changes = {"signoffs": signoffs}
    if step == steps[-1]:
        changes["signed_report"] = rep.to_dict()  # what is exported from now on
    if _save(request, draft, request.POST.get("version"), **changes):
        record(request.user, "report_signoff", draft, new={"step": step}, request=request, agency_id=agency.id)
        messages.success(request, dict(SIGNOFF_CHAIN)[step] + "完成。")
    return redirect("reports:workspace", agency_id=agency_id, year=year)


@require_POST
@roles_required("signatory")
def withdraw(request, agency_id: int, year: int):
    """签发人 withdraws the sign-off (e.g. to correct the report after records changed); the chain starts again."""
    check_report_year(year)
    agency, draft = _writable_draft(request, agency_id, year)
    if not draft.is_signed:
        messages.error(request, "报告尚未签发，无需撤回。")
    elif _save(request, draft, request.POST.get("version"), signoffs={}, signed_report=None):
        record(request.user, "report_withdraw", draft, old={"signoffs": list(draft.signoffs or {})},
               new={"signoffs": []}, request=request, agency_id=agency.id)
        messages.success(request, "已撤回签发；修改后请按 经办人 → 审核人 → 签发人 重新签核。")
    return redirect("reports:workspace", agency_id=agency_id, year=year)


def _export(rep, fmt, filename, fallback):
    if fmt == "html":
        body = ("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>"
                f"{rep.title}</title></head><body>{write_html(rep)}</body></html>")
        return HttpResponse(body, content_type="text/html; charset=utf-8")
    if fmt not in ("docx", "pdf"):
        raise Http404
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = WRITERS[fmt](rep, Path(tmp) / f"report.{fmt}")
            content = Path(path).read_bytes()
    except RenderError as e:
        return HttpResponse(f"无法生成 {fmt.upper()}：{e}", status=503, content_type="text/plain; charset=utf-8")
    ctype = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "pdf": "application/pdf"}[fmt]
    resp = HttpResponse(content, content_type=ctype)
    resp["Content-Disposition"] = attachment(filename, f"{fallback}.{fmt}")
    return resp


@require_safe
@roles_required(*READ_ROLES)
def export(request, agency_id: int, year: int, fmt: str):
    check_report_year(year)
    agency = get_object_or_404(Agency, pk=agency_id)
    check_agency(request.user, agency)
    record(request.user, "export", None, new={"what": "年度报告", "agency": agency.name, "year": year, "format": fmt},
           request=request, agency_id=agency.id)
    draft = _draft(agency, year)
    return _export(signed_report(draft) or _report(agency, year, draft), fmt, report_filename(agency.name, year, fmt),
                   f"report-{agency.id}-{year}")


def _root(user):
    if user.agency is None:
        raise Http404
    return user.agency


@require_safe
@roles_required(*READ_ROLES)
def overview(request, year: int):
    """Every agency in the user's scope: counts, audit status and sign-off, in one table."""
    check_report_year(year)
    ids = request.user.scope_agency_ids()
    # (only the columns the rows show: a hundred agencies and their parents made into models were a tenth of the
    # page's CPU; the agencies counted again are read in full)
    rows = cache.overview_rows(Agency.objects.filter(id__in=ids).select_related("parent")
                               .only("id", "name", "parent__name"), year)
    return render(request, "reports/overview.html", {"rows": rows, "rows_html": _overview_rows_html(rows, year),
                                                     "year": year, "reminder": _reminder(year, _root(request.user)),
                                                     "root": _root(request.user)})


def _overview_rows_html(rows, year: int):
    """The overview's rows (one per agency, a province's thousands) as HTML built here, every value escaped
    (:func:`~gongkai.web.urls_fast.esc`, as format_html): the template engine's per-variable cost (lookup,
    localisation, escaping) was over half the page's CPU for 100 agencies, and format_html's per-value wrappers
    a good part of the rest."""
    href = url_pattern("reports:workspace", year)
    out = []
    for r in rows:
        a = r["agency"]
        changed = (f'<div class="warning signed-changed">签发后记录有变化：{"；".join(esc(c) for c in r["changed"])}</div>'
                   if r["changed"] else "")
        out.append(f'<tr><td><a href="{esc(href(a.pk))}">{esc(a.name)}</a></td><td>{esc(a.parent or "")}</td>'
                   f'<td class="num">{esc(r["received"])}</td><td class="num">{esc(r["answered"])}</td>'
                   f'<td class="num">{esc(r["forward"])}</td><td class="num">{esc(r["reviews"])}</td>'
                   f'<td class="num">{esc(r["timeliness"])}</td>\n'
                   f'<td class="num{" error" if r["errors"] else ""}">{esc(r["errors"])}</td>'
                   f'<td class="num">{esc(r["warnings"])}</td><td>{esc(r["status"])}{changed}</td></tr>')
    return mark_safe("".join(out))


@require_safe
@roles_required(*READ_ROLES)
def summary(request, year: int):
    """The 汇总 report: every count of the user's scope summed (tables 二, 三, 四)."""
    check_report_year(year)
    root = _root(request.user)
    ids = request.user.scope_agency_ids()
    names = dict(Agency.objects.filter(id__in=ids).values_list("id", "name"))
    drafts = list(ReportDraft.objects.filter(agency_id__in=ids, year=year))
    own = next((d for d in drafts if d.agency_id == root.id), None)  # the county's own text, never a unit's
    rep = build(ids, names, year, drafts, agency_name=f"{root.name}（汇总）", narrative=own,
                units=[names[i] for i in ids if i in names])
    fmt = request.GET.get("format")
    if fmt:
        return _export(rep, fmt, report_filename(root.name, year, fmt, summary=True), f"summary-{root.id}-{year}")
    return render(request, "reports/summary.html", {"preview": mark_safe(write_html(rep)), "year": year,
                                                    "root": root, "n": len(ids)})
