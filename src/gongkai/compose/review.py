"""The audit of a composed report as the workspace shows it, and the figures a sign-off approves."""

from __future__ import annotations

import dataclasses
import hashlib
import json

from ..audit.findings import CellEvidence, Finding
from ..audit.registry import audit
from ..report import AnnualReport


def findings(report: AnnualReport) -> list[Finding]:
    """The audit of a composed report.  A table 二 row the office has not entered yet is, for the
    auditor, a missing row (C03, 错误, which blocks sign-off); the workspace says it as what it is."""
    out = []
    for f in audit(report):
        rows = {e.row for e in f.evidence if isinstance(e, CellEvidence) and e.table == "二"}
        if f.code == "C03" and len(rows) == 1 and all(isinstance(e, CellEvidence) for e in f.evidence):
            f = dataclasses.replace(f, message=f"表二「{rows.pop()}」尚未填写。",
                                    hint="请在下面“表二”中录入数字及其来源（没有发生的填 0）；填写前不能签核。")
        out.append(f)
    return out


def figure_values(report: AnnualReport) -> dict[str, str]:
    """Every table cell's figure as ``{"表三|row|column": "kind:value"}`` — what a sign-off approves."""
    return {f"{t}|{r}|{c}": f"{cell.kind}:{cell.value if cell.value is not None else ''}"
            for (t, r, c), cell in sorted(report.cells.items())}


def figures_digest(report: AnnualReport) -> str:
    """A short fingerprint of the report's figures (:func:`figure_values`), stored with each sign-off."""
    blob = json.dumps(figure_values(report), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def figure_changes(signed: AnnualReport, current: AnnualReport, limit: int = 8) -> list[str]:
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


def overview_figures(report: AnnualReport) -> dict:
    """A report in the supervisor's overview: its counts and the number of errors and warnings."""
    found = findings(report)
    return {"received": report.value("三", "received", "total"),
            "answered": report.value("三", "dispositions_total", "total"),
            "forward": report.value("三", "carried_forward", "total"),
            "reviews": sum((report.value("四", "cases", f"{g}_total") or 0)
                           for g in ("review", "lawsuit_direct", "lawsuit_after_review")),
            "errors": sum(f.severity == "error" for f in found),
            "warnings": sum(f.severity == "warning" for f in found)}
