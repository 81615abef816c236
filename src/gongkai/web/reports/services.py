"""Building the annual report from records (functional core: counting and audit are library calls).

- table 三 and 四: :func:`gongkai.casework.counting.annual_report` over the agency's cases and
  复议/诉讼 register (or a subtree's, for the 汇总 report);
- table 二: the draft's entered figures, each cell located "本机关填报，来源：…";
- sections: the data-driven sentences first (numbers from the tables), then the office's text;
- audit: :func:`gongkai.audit.registry.audit`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from gongkai.audit.registry import audit
from gongkai.casework.counting import ReviewCase, annual_report
from gongkai.format import FORMATS
from gongkai.report import MAX_CELL_VALUE, Cell, Location, SectionText
from gongkai.textutil import parse_value

from ..cases.engine import light_request
from ..cases.models import Case
from ..cases.services import timeliness_rates_for
from ..litigation.models import Litigation

SECTIONS = [(s.number, s.title) for s in FORMATS["2021"].sections]


def counted_rows() -> dict:
    """Table 二 rows counted from records by a report hook (settings GONGKAI_TABLE2_COUNTED_ROWS):
    row id → (where they are counted, url name of that page).  The workspace does not take entries for them."""
    from django.conf import settings
    return dict(getattr(settings, "GONGKAI_TABLE2_COUNTED_ROWS", {}))


def table2_fields(*, counted: bool = False):
    """(key "row:col", row label, column label, unit) of the table 二 cells the office enters
    (``counted=True``: of the cells counted from records instead, see :func:`counted_rows`)."""
    t = FORMATS["2021"].table("二")
    rows = counted_rows()
    return [(f"{r.id}:{c.id}", r.label, c.label, "万元" if "万元" in (r.unit, c.unit) else "件") for r, c in t.cells()
            if (r.id in rows) == counted]


def parse_table2(entries: dict) -> tuple[dict, list[str]]:
    """Validate entered table 二 figures → (clean dict, Chinese errors naming the cell)."""
    clean, errors = {}, []
    for key, rl, cl, _ in table2_fields(counted=True):
        if str((entries.get(key) or {}).get("value", "")).strip():
            where = counted_rows()[key.split(":")[0]][0]
            errors.append(f"表二「{rl}」行「{cl}」列由{where}统计，不能在年报中直接填写；请在{where}中登记。")
    labels = {k: (rl, cl, unit) for k, rl, cl, unit in table2_fields()}
    for key, (rl, cl, unit) in labels.items():
        e = entries.get(key) or {}
        raw = str(e.get("value", "")).strip()
        source = str(e.get("source", "")).strip()
        if raw == "":
            continue
        # as the readers read a printed cell: full-width digits, thousands separators, "251000元" → 25.1 万元
        kind, v = parse_value(raw, unit)
        if kind != "number" or v < 0 or v > MAX_CELL_VALUE or (unit == "件" and not isinstance(v, int)):
            errors.append(f"表二「{rl}」行「{cl}」列：「{raw}」不是{'金额（万元）' if unit == '万元' else '非负整数'}。")
            continue
        v = abs(v) if v == 0 else v  # "-0" is 0
        raw = format(v.normalize(), "f") if isinstance(v, Decimal) else str(v)
        if not source:
            errors.append(f"表二「{rl}」行「{cl}」列：请注明数据来源（例如“司法局备案系统”）。")
            continue
        clean[key] = {"value": raw, "source": source}
    return clean, errors


CASE_COUNT_FIELDS = ("number", "agency_id", "applicant_type", "channel", "received_on", "state", "disposition",
                     "closed_on")
REVIEW_COUNT_FIELDS = ("number", "agency_id", "kind", "filed_on", "result", "decided_on")


def requests_for(agency_ids, names):
    rows = Case.objects.filter(agency_id__in=agency_ids).values(*CASE_COUNT_FIELDS)
    return [light_request(r, names[r["agency_id"]]) for r in rows.iterator(chunk_size=5000)]


def _review(r: dict, office: str) -> ReviewCase:
    return ReviewCase(r["number"], office, r["kind"], r["filed_on"], r["result"] or None,
                      r["decided_on"] if r["result"] else None)


def reviews_for(agency_ids, names):
    return [_review(r, names[r["agency_id"]])
            for r in Litigation.objects.filter(agency_id__in=agency_ids).values(*REVIEW_COUNT_FIELDS)]


def data_sentences(report) -> dict[str, list[str]]:
    """Sentences whose numbers come from the tables (section → sentences)."""
    v = lambda row: report.value("三", row, "total") or 0  # noqa: E731
    out = {"一": [f"本年度，本机关共收到政府信息公开申请{v('received')}件，上年结转政府信息公开申请{v('carried_over')}件；"
                 f"本年度办结政府信息公开申请{v('dispositions_total')}件，结转下年度继续办理{v('carried_forward')}件。"]}
    if "四" in report.tables_found:
        rv = report.value("四", "cases", "review_total") or 0
        lt = (report.value("四", "cases", "lawsuit_direct_total") or 0) + \
            (report.value("四", "cases", "lawsuit_after_review_total") or 0)
        out["四"] = [f"本年度因政府信息公开工作被申请行政复议{rv}件，被提起行政诉讼{lt}件。"]
    fee_lapsed = report.value("三", "other_fee_not_paid", "total") or 0
    if fee_lapsed:
        # The table 三（六）2 row's own words; "视为放弃申请" is confirmed only in a provincial notice
        # (shared/spec/fees.md F4), so it is not put in the 办法's mouth.
        out["六"] = [f"本年度有{fee_lapsed}件政府信息公开申请因申请人逾期未按收费通知要求缴纳费用，本机关不再处理"
                    f"（计入表三“（六）其他处理”第2项）。"]
    return out


_OWN = object()


def build(agency_ids, names: dict, year: int, drafts, *, agency_name: str, narrative=_OWN,
          units: list[str] | None = None, requests=None, reviews=None, prefetched=None) -> "object":
    """The AnnualReport for the agencies ``agency_ids`` (one agency, or a subtree summed).

    ``drafts``: ReportDraft rows whose table 二 figures are summed.  ``narrative``: the draft whose text
    is used — by default the one agency's own draft (none for several agencies: a unit's text is never
    another's); the 汇总 passes the root agency's draft.  ``units``: for a 汇总, the names of the agencies
    whose figures it contains (said in section 一).  ``requests``, ``reviews`` and ``prefetched`` (hook path →
    what the hook's ``prefetch`` read for these agencies) are the records when already read, as for the
    overview (:func:`overview_rows`); otherwise they are queried here."""
    if requests is None:
        requests = requests_for(agency_ids, names)
    if reviews is None:
        reviews = reviews_for(agency_ids, names)
    rep = annual_report(requests, None, year, reviews=reviews)
    rep.agency = agency_name
    rep.source = "gongkai.web"
    rep.title = f"{agency_name}{year}年政府信息公开工作年度报告"
    # table 二
    sums: dict[str, Decimal | int] = {}
    sources: dict[str, list[str]] = {}
    for d in drafts:
        for key, e in (d.table2 or {}).items():
            unit_decimal = key.endswith("amount_10k_yuan")
            val = Decimal(e["value"]) if unit_decimal else int(e["value"])
            sums[key] = sums.get(key, 0) + val
            sources.setdefault(key, []).append(e.get("source", ""))
    for key, val in sums.items():
        row, col = key.split(":")
        rep.cells["二", row, col] = Cell("number", val, str(val), Location(
            source="本机关填报", where="来源：" + "；".join(sorted(set(filter(None, sources[key]))))))
    if sums:
        rep.tables_found["二"] = Location(source="本机关填报", where="表二由本机关填报（数据来源见各单元格）")
    # sections
    auto = data_sentences(rep)
    if narrative is _OWN:
        narrative = drafts[0] if len(agency_ids) == 1 and len(drafts) == 1 else None
    texts = (narrative.sections or {}) if narrative is not None else {}
    if units:
        auto["一"] = [f"本报告汇总{agency_name.removesuffix('（汇总）')}及所属机关共{len(units)}个单位的数字："
                     f"{'、'.join(units)}。", *auto.get("一", [])]
    for number, title in SECTIONS:
        paras = [(s, Location(source="由办件记录生成", where=f"第{number}部分")) for s in auto.get(number, [])]
        for p in (texts.get(number) or "").splitlines():
            if p.strip():
                paras.append((p.strip(), Location(source="本机关撰写", where=f"第{number}部分")))
        rep.sections[number] = SectionText(number, title, Location(where=f"第{number}部分"), paras)
    from django.conf import settings
    from django.utils.module_loading import import_string
    for hook in getattr(settings, "GONGKAI_REPORT_HOOKS", ()):  # e.g. table 二 from the publications register
        if prefetched is not None and hook in prefetched:
            import_string(hook)(rep, agency_ids, year, prefetched=prefetched[hook])
        else:
            import_string(hook)(rep, agency_ids, year)
    return rep


def overview_rows(agencies, year: int) -> list[dict]:
    """Each agency's report for ``year`` in figures: counts, audit status and sign-off (the supervisor's
    overview).  The records of all the agencies are read at once — one query per kind of record (drafts,
    cases, 复议/诉讼, and what each report hook's ``prefetch`` reads), whatever the number of agencies — and
    each agency's figures are kept by a fingerprint of its records, so an unchanged agency is not counted and
    audited again (:func:`_agency_figures`)."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    from .models import ReportDraft

    agencies = list(agencies)
    ids = [a.id for a in agencies]
    names = {a.id: a.name for a in agencies}
    drafts = {d.agency_id: d for d in ReportDraft.objects.filter(agency_id__in=ids, year=year)}
    case_rows: dict[int, list] = {aid: [] for aid in ids}
    for r in Case.objects.filter(agency_id__in=ids).order_by("id").values_list(*CASE_COUNT_FIELDS).iterator(
            chunk_size=5000):
        case_rows[r[1]].append(r)
    reviews: dict[int, list] = {aid: [] for aid in ids}
    for r in Litigation.objects.filter(agency_id__in=ids).order_by("id").values_list(*REVIEW_COUNT_FIELDS):
        reviews[r[1]].append(r)
    prefetched = {}
    for hook in getattr(settings, "GONGKAI_REPORT_HOOKS", ()):
        fetch = getattr(import_string(hook), "prefetch", None)
        if fetch is not None:
            prefetched[hook] = fetch(ids, year)
    rows = []
    context = _context()
    keys = {}
    for a in agencies:
        draft = drafts.get(a.id) or ReportDraft(agency=a, year=year)
        mine = {h: data[a.id] for h, data in prefetched.items()}
        keys[a.id] = (draft, mine, _fingerprint(context, a.id, a.name, year, case_rows[a.id], reviews[a.id], draft, mine))
    # 按期答复率 (issue #9 item 5) of the agencies whose figures are computed now: their closed cases are replayed
    # from their events in one query for all of them
    misses = [a.id for a in agencies if _FIGURES.get(keys[a.id][2]) is None]
    rates = {}
    if misses:
        rates = {r.office: r for r in timeliness_rates_for(misses, year)}
    for a in agencies:
        draft, mine, key = keys[a.id]
        figures = _FIGURES.get(key)
        if figures is None:
            rep = build([a.id], names, year, [draft], agency_name=a.name,
                        requests=[light_request(dict(zip(CASE_COUNT_FIELDS, r)), a.name) for r in case_rows[a.id]],
                        reviews=[_review(dict(zip(REVIEW_COUNT_FIELDS, r)), a.name) for r in reviews[a.id]],
                        prefetched=mine)
            figures = _agency_figures(rep)
            signed = signed_report(draft)  # a signed report whose records changed since is flagged (issue #14)
            figures["changed"] = figure_changes(signed, rep, limit=3) if signed is not None else []
            rate = rates.get(a.name)
            figures["timeliness"] = rate.rate_text if rate is not None else "—（无可计算的答复）"
            _FIGURES.put(key, figures)
        rows.append({"agency": a, **figures, "status": draft.status})
    return rows


def findings(report):
    """The audit of a report built here.  A table 二 row the office has not entered yet is, for the
    auditor, a missing row (C03, 错误, which blocks sign-off); the workspace says it as what it is."""
    import dataclasses

    from gongkai.audit.findings import CellEvidence
    out = []
    for f in audit(report):
        rows = {e.row for e in f.evidence if isinstance(e, CellEvidence) and e.table == "二"}
        if f.code == "C03" and len(rows) == 1 and all(isinstance(e, CellEvidence) for e in f.evidence):
            f = dataclasses.replace(f, message=f"表二「{rows.pop()}」尚未填写。",
                                    hint="请在下面“表二”中录入数字及其来源（没有发生的填 0）；填写前不能签核。")
        out.append(f)
    return out


def publication_due(year: int, agency=None) -> dt.date | None:
    """条例第四十九条: a 县级以上人民政府部门's report by 31 January, a 县级以上地方人民政府's own by 31 March
    of the following year; None for a 乡镇 (the 条例 sets no date; :func:`gongkai.web.deadlines.publication_due`)."""
    from ..deadlines import publication_due as due
    return due(year, agency)[0]


def figure_values(report) -> dict[str, str]:
    """Every table cell's figure as ``{"表三|row|column": "kind:value"}`` — what a sign-off approves."""
    return {f"{t}|{r}|{c}": f"{cell.kind}:{cell.value if cell.value is not None else ''}"
            for (t, r, c), cell in sorted(report.cells.items())}


def figures_digest(report) -> str:
    """A short fingerprint of the report's figures (:func:`figure_values`), stored with each sign-off."""
    import hashlib
    import json
    blob = json.dumps(figure_values(report), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def figure_changes(signed, current, limit: int = 8) -> list[str]:
    """Chinese lines for the cells whose figure differs between the signed and the current report."""
    a, b = figure_values(signed), figure_values(current)
    out = []
    for key in sorted(set(a) | set(b)):
        if a.get(key) == b.get(key):
            continue
        t, r, c = key.split("|")
        table = current.format.table(t)
        row, col = table.row(r), table.column(c)
        show = lambda v: (v or ":").split(":", 1)[1] or "空白"  # noqa: E731
        out.append(f"表{t}「{row.label}」行「{col.display}」列：签发时 {show(a.get(key))}，现在 {show(b.get(key))}")
    if len(out) > limit:
        out = out[:limit] + [f"另有 {len(out) - limit} 处"]
    return out


# ------------------------------------------------------------------ the overview's per-agency figures
class _LRU:
    """A small thread-safe least-recently-used map (process-local: each server process keeps its own)."""

    def __init__(self, size: int):
        import threading
        from collections import OrderedDict
        self.size, self._d, self._lock = size, OrderedDict(), threading.Lock()

    def get(self, key):
        with self._lock:
            if key in self._d:
                self._d.move_to_end(key)
                return self._d[key]
        return None

    def put(self, key, value) -> None:
        with self._lock:
            self._d[key] = value
            self._d.move_to_end(key)
            while len(self._d) > self.size:
                self._d.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._d.clear()


#: fingerprint of an agency's records → its overview figures (see :func:`overview_rows`)
_FIGURES = _LRU(4096)


def _context() -> tuple:
    """What every agency's figures also depend on: the web clock's day and the stored calendar files."""
    from ..clock import today
    from ..workcalendar import calendar_store
    return str(today()), calendar_store().signature()


def _fingerprint(context, agency_id, agency_name, year, case_rows, review_rows, draft, prefetched) -> str:
    """A digest of everything an agency's overview figures are computed from: its cases and 复议/诉讼 (the
    counted fields), its draft's table 二 and text, what the report hooks read (the register), the calendar
    files and the web clock's day (``context``), the agency's name and the year.  Any change to one of them
    gives another digest."""
    import hashlib
    blob = repr((context, agency_id, agency_name, year, case_rows, review_rows,
                 sorted((draft.table2 or {}).items()), sorted((draft.sections or {}).items()),
                 sorted(prefetched.items()), draft.is_signed, draft.signed_report))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def signed_report(draft):
    """The report as the 签发人 signed it (None when not signed)."""
    from gongkai.report import AnnualReport
    if draft is None or not draft.is_signed or not draft.signed_report:
        return None  # (a report signed before snapshots were kept is shown as counted now)
    return AnnualReport.from_dict(draft.signed_report)


def _agency_figures(rep) -> dict:
    found = findings(rep)
    return {"received": rep.value("三", "received", "total"),
            "answered": rep.value("三", "dispositions_total", "total"),
            "forward": rep.value("三", "carried_forward", "total"),
            "reviews": sum((rep.value("四", "cases", f"{g}_total") or 0)
                           for g in ("review", "lawsuit_direct", "lawsuit_after_review")),
            "errors": sum(f.severity == "error" for f in found),
            "warnings": sum(f.severity == "warning" for f in found)}
