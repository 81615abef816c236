"""The rows of the 上级审查 page's big tables (a page of units' coverage, a page of imported files) as HTML built
in Python: a template loop spends most of such a page's time on each variable's lookup, each ``{% if %}`` and
each ``{% url %}`` (some 300 a page); here a row is one format string, every value escaped (:func:`escape`) and the
report's address reversed once per table."""

from __future__ import annotations

import html

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from .models import STATUS

_PK = 987654321  # a placeholder id: reversed once, then replaced by each report's


def _report_url():
    """A function pk → the report page's address (one reverse() for the whole table)."""
    head, tail = reverse("supervision:report", args=[_PK]).split(str(_PK))
    return lambda pk: f"{head}{pk}{tail}"


def escape(value) -> str:
    """What ``django.utils.html.escape`` gives (it is ``html.escape(str(value))``), without its wrapper for lazy
    strings and the SafeString of each value: a page of these tables escapes some 1800 values."""
    return html.escape(str(value))


def _text(value, none: str = "") -> str:
    return none if value is None else escape(value)


def coverage_rows(rows) -> SafeString:
    """The <tr> of each coverage row (:func:`.services.coverage`) as the 上级审查 page lists them."""
    url = _report_url()
    out = []
    for row in rows:
        a, first, latest = row["agency"], row["first"], row["latest"]
        due = row["due"].isoformat() if row["due"] else "条例未规定"
        css = "" if row["on_time"] else "warning" if row["published"] else "error" if row["overdue"] else ""
        if first is not None:
            on = row["first_published_on"].isoformat() if row["first_published_on"] else "发布日期未知"
            first_cell = f'<a href="{url(first.pk)}">{on}</a>'
        else:
            first_cell = ""
        if latest is not None:
            badge = ' <span class="badge warning">发布后修改</span>' if row["versions"] > 1 else ""
            version_cell = f'<a href="{url(latest.pk)}">{row["versions"]}</a>{badge}'
        else:
            version_cell = ""
        out.append(
            f'<tr><td>{escape(a.name)}</td><td>{escape(a.kind_label)}</td><td title="{escape(row["basis"])}">{due}</td>\n'
            f'<td class="{css}">{escape(row["state"])}</td>\n<td>{first_cell}</td>\n<td>{version_cell}</td>\n'
            f'<td>{_text(row["errors"])}</td><td>{_text(row["warnings"])}</td>'
            f'<td>{row["failed"] if row["failed"] else ""}</td></tr>')
    return mark_safe("".join(out))


#: what :func:`report_rows` reads of each file (``QuerySet.values``: no model objects, no unread columns)
FILE_COLUMNS = ("id", "source_name", "agency_id", "agency__name", "match_state", "year", "year_given", "status",
                "version", "same_as_id", "modified_after_publication", "imported_at", "errors", "warnings")


def report_rows(reports) -> SafeString:
    """The <tr> of each imported file (a dict of :data:`FILE_COLUMNS`) in the files tables.  (Numbers need no
    escaping; the times are put in the current time zone as ``timezone.localtime`` does, the zone looked up
    once.)"""
    url = _report_url()
    zone = timezone.get_current_timezone()
    out = []
    pending = ' <span class="badge warning">待确认</span>'
    for r in reports:
        if r["agency_id"] is not None and r["agency__name"] is not None:
            unit = escape(r["agency__name"]) + (pending if r["match_state"] == "pending" else "")
        else:
            unit = pending.lstrip()
        year = "?" if r["year"] is None else str(r["year"])
        if r["status"] == "audited" and r["year_given"] and r["year"] != r["year_given"]:
            year += (f' <span class="badge warning" title="导入时指定 {r["year_given"]} 年，报告写明 {escape(r["year"])} 年，'
                     f'按报告的年度计入">与指定的 {r["year_given"]} 年不同</span>')
        version = str(r["version"])
        if r["same_as_id"]:
            version += ' <span class="badge" title="与同一版本先导入的文件数字、正文相同">另一格式</span>'
        elif r["modified_after_publication"]:
            version += ' <span class="badge warning">发布后修改</span>'
        imported = r["imported_at"].astimezone(zone).strftime("%Y-%m-%d %H:%M") if r["imported_at"] else ""
        status = STATUS.get(r["status"], r["status"])
        out.append(
            f'<tr><td><a href="{url(r["id"])}">{escape(r["source_name"])}</a></td>\n<td>{unit}</td>\n<td>{year}</td>'
            f'<td>{version}</td>\n<td class="{"error" if r["status"] == "unreadable" else ""}">{escape(status)}</td>'
            f'<td>{r["errors"]}</td><td>{r["warnings"]}</td><td>{imported}</td></tr>\n')
    return mark_safe("".join(out))
