"""The annual report of the office platform: records read from the database, composed by :mod:`gongkai.compose`.

Everything the report *is* — table 三/四 counted from the cases and 复议/诉讼, table 二 from the office's entries
and the 主动公开 register, the generated sentences, the validation of table 二 entries, the workspace's
reading of the audit (C03) and the figures a sign-off approves — is in the framework-free
:mod:`gongkai.compose`; the functions here read the records (:func:`requests_for`, :func:`reviews_for`,
:func:`register_for`) and keep their names as thin wrappers for the views.  Table 二 from the register comes
through :func:`register_for` (the publications app's ``register_of``), when that app is installed.
"""

from __future__ import annotations

import datetime as dt

from django.apps import apps

from gongkai import compose
from gongkai.casework.counting import ReviewCase
from gongkai.compose import Register
from gongkai.report import AnnualReport

from ..cases import services as cases
from ..cases.services import timeliness_rates_for
from ..clock import today
from ..deadlines import publication_due as due
from ..reviews import services as reviews_app
from ..publications.services import register_of, registers_of
from ..workcalendar import calendar_store, office_cal
from . import models
from .models import ReportDraft
from . import versions as _versions

PUBLICATIONS_APP = "gongkai.web.publications"
#: names the views and tests use here: the sections and data sentences of the composer, the sign-off chain (for
#: the audit log's words)
SECTIONS = compose.SECTIONS
data_sentences = compose.data_sentences
SIGNOFF_CHAIN = models.SIGNOFF_CHAIN


def counted_rows() -> dict:
    """Table 二 rows counted from the 主动公开 register: row id → (where they are counted, url name of that
    page).  The workspace does not take entries for them.  Empty when the publications app is not installed."""
    if not apps.is_installed(PUBLICATIONS_APP):
        return {}
    return {row: ("规章和规范性文件登记", "publications:documents") for row in compose.REGISTER_ROWS}


def table2_fields(*, counted: bool = False):
    """(key "row:col", row label, column label, unit) of the table 二 cells the office enters
    (``counted=True``: of the cells counted from records instead, see :func:`counted_rows`)."""
    return compose.table2_fields(counted_rows(), only_counted=counted)


def parse_table2(entries: dict) -> tuple[dict, list[str]]:
    """Validate entered table 二 figures → (clean dict, Chinese errors naming the cell)."""
    return compose.parse_table2(entries, {row: where for row, (where, _url) in counted_rows().items()})


CASE_COUNT_FIELDS = cases.COUNT_FIELDS
REVIEW_COUNT_FIELDS = reviews_app.COUNT_FIELDS


def requests_for(agency_ids, names):
    """The agencies' cases as casework Requests for counting (one query, through the cases app)."""
    rows = (dict(zip(CASE_COUNT_FIELDS, r)) for r in cases.count_rows(agency_ids))
    return [cases.counting_request(r, names[r["agency_id"]]) for r in rows]


def _review(r: dict, agency: str) -> ReviewCase:
    return reviews_app.review_case(r, agency)


def reviews_for(agency_ids, names):
    """The agencies' 复议/诉讼 as counting values (one query, through the reviews app)."""
    return [_review(r, names[r["agency_id"]])
            for r in (dict(zip(REVIEW_COUNT_FIELDS, row)) for row in reviews_app.review_rows(agency_ids))]


def register_for(agency_ids, year: int) -> Register | None:
    """The 主动公开 register of the agencies for ``year`` (table 二 and the 主动公开 sentence), read by the
    publications app; None when that app is not installed."""
    if not apps.is_installed(PUBLICATIONS_APP):
        return None
    return Register(*register_of(agency_ids, year))


def registers_for(agency_ids, year: int) -> dict[int, Register]:
    """:func:`register_for` of each agency of ``agency_ids``, in one query per kind of record (empty dict when
    the publications app is not installed)."""
    if not apps.is_installed(PUBLICATIONS_APP):
        return {}
    return {aid: Register(*records) for aid, records in registers_of(agency_ids, year).items()}


def _register_calendar():
    return office_cal()


_OWN = compose.OWN
_READ = object()


def build(agency_ids, names: dict, year: int, drafts, *, agency_name: str, narrative=_OWN,
          units: list[str] | None = None, requests=None, reviews=None, register=_READ) -> "object":
    """The AnnualReport for the agencies ``agency_ids`` (one agency, or a subtree summed), composed by
    :func:`gongkai.compose.compose_report` from their records.

    ``drafts``: ReportDraft rows whose table 二 figures are summed.  ``narrative``: the draft whose text
    is used — by default the one agency's own draft (none for several agencies: a unit's text is never
    another's); the 汇总 passes the root agency's draft.  ``units``: for a 汇总, the names of the agencies
    whose figures it contains (said in section 一).  ``requests``, ``reviews`` and ``register`` (a
    :class:`~gongkai.compose.Register`, or None for none) are the records when already read, as for the
    overview (:func:`overview_rows`); otherwise they are queried here."""
    if requests is None:
        requests = requests_for(agency_ids, names)
    if reviews is None:
        reviews = reviews_for(agency_ids, names)
    if register is _READ:
        register = register_for(agency_ids, year)
    return compose.compose_report(year, agency=agency_name, requests=requests, reviews=reviews, drafts=drafts,
                                  narrative=narrative, several=len(agency_ids) > 1, units=units, register=register,
                                  calendar=_register_calendar() if register is not None else None)


def overview_rows(agencies, year: int) -> list[dict]:
    """Each agency's report for ``year`` in figures: counts, audit status and sign-off (the supervisor's
    overview).  The records of all the agencies are read at once — one query per kind of record (drafts,
    cases, 复议/诉讼, and the 主动公开 register's kinds, :func:`registers_for`), whatever the number of agencies — and
    each agency's figures are kept by a fingerprint of its records, so an unchanged agency is not counted and
    audited again (:func:`_agency_figures`)."""

    agencies = list(agencies)
    ids = [a.id for a in agencies]
    names = {a.id: a.name for a in agencies}
    drafts = {d.agency_id: d for d in ReportDraft.objects.filter(agency_id__in=ids, year=year)}
    case_rows: dict[int, list] = {aid: [] for aid in ids}
    for r in cases.count_rows(ids):
        case_rows[r[1]].append(r)
    reviews: dict[int, list] = {aid: [] for aid in ids}
    for r in reviews_app.review_rows(ids):
        reviews[r[1]].append(r)
    registers = registers_for(ids, year) if apps.is_installed(PUBLICATIONS_APP) else None  # (one query per kind)
    rows = []
    context = _context()
    keys = {}
    for a in agencies:
        draft = drafts.get(a.id) or ReportDraft(agency=a, year=year)
        mine = registers[a.id] if registers is not None else None  # its 主动公开 register
        keys[a.id] = (draft, mine, _fingerprint(context, a.id, a.name, year, case_rows[a.id], reviews[a.id], draft, mine))
    # 按期答复率 (issue #9 item 5) of the agencies whose figures are computed now: their closed cases are replayed
    # from their events in one query for all of them
    misses = [a.id for a in agencies if _FIGURES.get(keys[a.id][2]) is None]
    rates = {}
    if misses:
        rates = {r.agency: r for r in timeliness_rates_for(misses, year)}
    for a in agencies:
        draft, mine, key = keys[a.id]
        figures = _FIGURES.get(key)
        if figures is None:
            rep = build([a.id], names, year, [draft], agency_name=a.name,
                        requests=[cases.counting_request(dict(zip(CASE_COUNT_FIELDS, r)), a.name)
                                  for r in case_rows[a.id]],
                        reviews=[_review(dict(zip(REVIEW_COUNT_FIELDS, r)), a.name) for r in reviews[a.id]],
                        register=mine)
            figures = _agency_figures(rep)
            signed = signed_report(draft)  # a signed report whose records changed since is flagged (issue #14)
            figures["changed"] = figure_changes(signed, rep, limit=3) if signed is not None else []
            rate = rates.get(a.name)
            figures["timeliness"] = rate.rate_text if rate is not None else "—（无可计算的答复）"
            _FIGURES.put(key, figures)
        rows.append({"agency": a, **figures, "status": draft.status})
    return rows


def findings(report):
    """The audit of a report built here (:func:`gongkai.compose.findings`: a table 二 row not yet entered is
    said as such, not as a missing row)."""
    return compose.findings(report)


def publication_due(year: int, agency=None) -> dt.date | None:
    """条例第四十九条: a 县级以上人民政府部门's report by 31 January, a 县级以上地方人民政府's own by 31 March
    of the following year; None for a 乡镇 (the 条例 sets no date; :func:`gongkai.web.deadlines.publication_due`)."""
    return due(year, agency)[0]


def figure_values(report) -> dict[str, str]:
    """Every table cell's figure (:func:`gongkai.compose.figure_values`) — what a sign-off approves."""
    return compose.figure_values(report)


def figures_digest(report) -> str:
    """A short fingerprint of the report's figures, stored with each sign-off (:func:`gongkai.compose.figures_digest`)."""
    return compose.figures_digest(report)


def figure_changes(signed, current, limit: int = 8) -> list[str]:
    """Chinese lines for the cells whose figure differs between the signed and the current report."""
    return compose.figure_changes(signed, current, limit)


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
    return str(today()), calendar_store().signature()


def _fingerprint(context, agency_id, agency_name, year, case_rows, review_rows, draft, register) -> str:
    """A digest of everything an agency's overview figures are computed from: its cases and 复议/诉讼 (the
    counted fields), its draft's table 二 and text, its 主动公开 register, the calendar
    files and the web clock's day (``context``), the agency's name and the year.  Any change to one of them
    gives another digest."""
    import hashlib
    blob = repr((context, agency_id, agency_name, year, case_rows, review_rows,
                 sorted((draft.table2 or {}).items()), sorted((draft.sections or {}).items()),
                 repr(register), draft.is_signed, draft.signed_report))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def signed_report(draft):
    """The report as the 签发人 signed it (None when not signed)."""
    if draft is None or not draft.is_signed or not draft.signed_report:
        return None  # (a report signed before snapshots were kept is shown as counted now)
    return AnnualReport.from_dict(draft.signed_report)


def _agency_figures(rep) -> dict:
    """An agency's figures in the overview (:func:`gongkai.compose.overview_figures`)."""
    return compose.overview_figures(rep)


def drafts(agency_ids, year: int | None = None):
    """The agencies' report drafts (of ``year``, or every year), for the 待办."""
    qs = ReportDraft.objects.filter(agency_id__in=agency_ids)
    return qs if year is None else qs.filter(year=year)


def record_versions(agency_ids) -> dict[int, int] | None:
    """Each agency's record version (:func:`gongkai.web.reports.versions.versions`), for other apps: the
    navigation's 待办 count is kept under it."""
    return _versions.versions(agency_ids)


def record_versions_below(agency_id: int) -> dict[int, int] | None:
    """The record versions of ``agency_id``'s subtree, in one query
    (:func:`gongkai.web.reports.versions.subtree_versions`)."""
    return _versions.subtree_versions(agency_id)
