"""Operations of the supervising office: import, audit (see :mod:`.tasks` for the background part),
agency confirmation, versions, finding review, coverage and export."""

from __future__ import annotations

import atexit
import datetime as dt
import hashlib
import itertools
import json
import os
import re
import shutil
import stat
import tempfile
import threading
import time
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, Q
from django.utils import timezone

from gongkai import __version__
from gongkai.audit import audit
from gongkai.audit import identity as ident
from gongkai.readers import ReadError, read_report

from ..agencies.models import Agency, subtree_sql
from ..requestmemo import memo
from ..auditlog.services import record
from ..clock import today
from ..deadlines import publication_due, township_local_due
from ..years import implausible_year, report_years
from ..spreadsheet import XlsxBook
from . import indicators, versions
from . import tasks  # the module, not the name: tasks imports this module (audit_published)
from .dates import found_date
from .intake import Batch, StoredPaths, stored_path
from .matching import index_for, match, names_of
from .models import REVIEW, PublishedReport, Rectification, ReportFinding


class SupervisionError(ValueError):
    """A refusal with a Chinese message for the user."""


# ------------------------------------------------------------------ scope
def sole_top(user) -> bool:
    """Whether the user is a 上级审查员 of the platform's only top-level agency, whose subtree is therefore every
    agency (most installations: one county's or city's platform).  One index look-up, kept on the user object —
    a request's own (``request.user`` is loaded for each request), so a page asks once, not in every query."""
    if user.role != "supervisor" or user.agency_id is None:
        return False
    known = user.__dict__.get("_gongkai_sole_top")
    if known is None or known[0] != user.agency_id:
        kept = memo()
        tree = kept.get(("subtree", user.agency_id)) if kept is not None else None  # (the request read the tree)
        tops = tree.tops if tree is not None and tree.tops is not None else list(
            Agency.objects.filter(parent__isnull=True).order_by("id").values_list("id", flat=True)[:2])
        known = user.__dict__["_gongkai_sole_top"] = (user.agency_id, tops == [user.agency_id])
    return known[1]


def scope_filter(user, field: str = "id"):
    """Q for the agencies (``field``) a user may read; a 上级审查员's subtree as a subquery — or, for the
    supervisor of the only top-level agency (:func:`sole_top`), every agency: the field is set.  The recursive
    subquery cost every query of the supervision pages more than the rest of it (PostgreSQL: 4.2 ms of CPU for
    the year's files of 1285 units, 1.6 ms without the filter)."""
    if sole_top(user):
        return Q(**{f"{field}__isnull": False})
    if user.role == "supervisor" and user.agency_id is not None:
        return Q(**{f"{field}__in": subtree_sql(user.agency_id)})
    return Q(**{f"{field}__in": user.scope_agency_ids()})


def visible(user, scope=None):
    """The published reports a 上级审查员 may see: imported by an office in scope, or of a unit in scope — and,
    for the supervisor of a top-level office, the files imported before any agency existed (no office;
    :func:`adopt_orphans` attaches them, this keeps them in sight meanwhile).  For the supervisor of the only
    top-level agency that is every file (:func:`sole_top`): no filter."""
    if sole_top(user):
        return PublishedReport.objects.all()
    q = scope_filter(user, "office_id") | scope_filter(user, "agency_id")
    if user.agency_id is not None:
        q |= Q(office__isnull=True) & Exists(Agency.objects.filter(pk=user.agency_id, parent__isnull=True))
    return PublishedReport.objects.filter(q)


def units(office: Agency | None):
    """The units a report of ``office`` can belong to: the office and every agency below it."""
    return units_of(office.id if office is not None else None)


def units_of(office_id: int | None):
    """:func:`units` by the office's id (no query for the office itself).  When the office is the platform's only
    top-level agency, its units are every agency: the first arm (two index look-ups, once per query) says so and
    the database does not walk the tree (PostgreSQL, 1285 units: 1.0 ms of CPU instead of 2.1 — a worker reads
    them for each task)."""
    if office_id is None:
        return Agency.objects.all()
    alone = (~Exists(Agency.objects.filter(parent__isnull=True).exclude(pk=office_id))
             & Exists(Agency.objects.filter(pk=office_id, parent__isnull=True)))
    return Agency.objects.filter(alone | Q(id__in=subtree_sql(office_id)))


SEARCH_LIMIT = 20  # units listed by a search on the report page


def search_units(office: Agency | None, user, query: str) -> tuple[list[Agency], int]:
    """(first units, how many match) for the report page's unit search: the units of ``office`` the user may
    see whose name — or whose superior's name (the region: 某县, 某镇) — contains every word of ``query``.
    A province has thousands of units, so the page never lists them all."""
    words = (query or "").split()[:5]
    if not words:
        return [], 0
    qs = units(office).filter(scope_filter(user))
    for w in words:
        qs = qs.filter(Q(name__icontains=w) | Q(parent__name__icontains=w) | Q(parent__parent__name__icontains=w))
    total = qs.count()
    found = list(qs.select_related("parent").order_by("name", "id")[:SEARCH_LIMIT])
    return found, total


def default_office() -> Agency | None:
    roots = list(Agency.objects.filter(parent__isnull=True)[:2])
    return roots[0] if len(roots) == 1 else None


NO_AGENCY = ("平台中还没有任何机关，导入的年报无处归属：请先建立本机关——运行 gongkai serve，在浏览器中完成首次设置"
             "（填写本机关名称和系统管理员），或用 gongkai accounts import 导入单位和账号——然后再导入。")


def adopt_orphans() -> int:
    """Files stored without an office (imported by an older version before any agency existed) belong to the
    top-level office once there is exactly one: they are attached to it, and those whose unit was not found
    (there was none to find) are matched again against its units.  Returns how many were attached."""
    if not PublishedReport.objects.filter(office__isnull=True).exists():
        return 0
    office = default_office()
    if office is None:
        return 0
    orphans = list(PublishedReport.objects.filter(office__isnull=True).exclude(match_state="confirmed")
                   .filter(agency__isnull=True, status__in=("audited", "unreadable")))
    attached = PublishedReport.objects.filter(office__isnull=True).update(office=office)
    for r in orphans:
        agency, score, candidates, state = match(units(office).only("id", "name", "former_names"), r.agency_text,
                                                 r.title, r.source_name)
        if agency is None and state == r.match_state and candidates == r.candidates:
            continue
        with transaction.atomic():
            lock_units(agency.id if agency else None)
            PublishedReport.objects.filter(pk=r.pk, agency__isnull=True).update(
                agency=agency, match_score=score, candidates=candidates, match_state=state)
            renumber(agency.id if agency else None, r.year)
    return attached


# ------------------------------------------------------------------ import
def check_published_on(day: dt.date | None, year: int | None) -> None:
    """Refuse a publication date that cannot be: after today, or before 1 January of the year after the one
    the report is about (a year-Y report covers the whole of Y, so it is published in Y+1 at the earliest)."""
    if day is None:
        return
    if day > today():
        raise SupervisionError(f"发布日期 {day} 晚于今天 {today()}，尚未发生的事不能登记，请核对。")
    if year is not None and day < dt.date(year + 1, 1, 1):
        raise SupervisionError(f"发布日期 {day} 早于 {year + 1}-01-01：{year} 年度的年报要到该年度结束后才能发布，"
                               "请核对发布日期或年度。")


@dataclass
class Imported:
    name: str
    state: str  # new | duplicate | refused | pending (a web address the worker is to fetch: addresses.py)
    report: PublishedReport | None = None
    reason: str = ""
    audit: str = ""  # a new file: "queued" (to the worker) or "in-process" (audited here: no broker, or unreachable)

    @property
    def state_label(self) -> str:
        return {"new": "已导入", "duplicate": "已导入过（同一文件，不重复计入）", "refused": "未导入",
                "pending": "待抓取（由后台抓取后导入并审核）"}[self.state]


#: files inserted in one transaction and queued together by import_batch: the workers start on the first
#: ones while the rest are still being inserted
IMPORT_CHUNK = 100
#: ... the first chunk smaller: two tasks' worth, so that the workers start before a hundred files are read
FIRST_CHUNK = 32


def import_batch(batch: Batch | StoredPaths, *, office: Agency | None, by: str, year: int | None = None,
                 published_on: dt.date | None = None, enqueue_audit: bool = True,
                 dates: dict[str, dt.date] | None = None) -> list[Imported]:
    """Store every file of ``batch`` (one row per distinct content) and queue the new ones for audit.

    The publication date is what the supervisor says — ``dates`` per file (by the name it came with, or its
    base name), else ``published_on`` for the batch — and otherwise unknown (None, 发布日期未知): the audit then
    takes it from the document when it prints one (:mod:`.dates`), never the day of the import.
    Raises SupervisionError for an impossible date (:func:`check_published_on`), or while the platform has no
    agency at all (a file would belong to no office and stay out of every list: :data:`NO_AGENCY`).

    :data:`IMPORT_CHUNK` files at a time (:data:`FIRST_CHUNK` the first time): one query for those already
    imported, one bulk insert, then their audits are queued — so a folder of thousands is a few dozen statements, not four per file, and the
    workers are busy before the last row is in.  ``batch`` may be :class:`~.intake.StoredPaths` (the command
    line's files, stored as they are read): each chunk is then inserted and queued as soon as its files are
    stored, before the next are read.  The refused files come first in the list returned, then the others in
    their order.  The rows are read back at the end in one query (with their unit) for the caller's list."""
    if office is None and not Agency.objects.exists():
        raise SupervisionError(NO_AGENCY)
    check_published_on(published_on, year)
    dates = dict(dates or {})
    for name, day in dates.items():
        try:
            check_published_on(day, year)
        except SupervisionError as exc:
            raise SupervisionError(f"{name}：{exc}") from None
    if isinstance(batch, StoredPaths):
        files, total = iter(batch), batch.expected
    else:
        files, total = iter(batch.files), len(batch.files)
    out: list[Imported] = []
    created: dict[str, Imported] = {}
    while chunk := list(itertools.islice(files, want := IMPORT_CHUNK if out else FIRST_CHUNK)):
        # a part shorter than asked for is the import's last (its tasks end small: tasks.task_chunks); the
        # next files are not read to tell (each part is queued before them), so a last part that happens to be
        # full is queued as any other
        last = len(chunk) < want
        shas = {f.sha256 for f in chunk} - created.keys()
        existing = {r.sha256: r for r in PublishedReport.objects.filter(sha256__in=shas).select_related("agency")}
        rows: dict[str, PublishedReport] = {}
        for f in chunk:
            if f.sha256 not in created and f.sha256 not in existing and f.sha256 not in rows:
                own = dates.get(f.name) or dates.get(os.path.basename(f.name))
                day = own or published_on
                source = ("导入时为该文件指定" if own else "导入时指定") if day else ""
                rows[f.sha256] = PublishedReport(
                    sha256=f.sha256, size=f.size, source_name=f.name[:500], imported_by=by, office=office,
                    published_on=day, published_on_source=source, year_given=year, year=year)
        if rows:
            try:
                with transaction.atomic():
                    _insert_reports(list(rows.values()))
            except IntegrityError:  # a file of the chunk imported at the same moment by another request
                rows, more = _insert_one_by_one(rows)
                existing.update(more)
        new_ids = []
        for f in chunk:
            sha = f.sha256
            first = created.get(sha)
            if first is not None:  # the same file twice in this batch: the same row as the first copy
                out.append(Imported(f.name, "duplicate", first.report, reason=f"与本次导入的 {first.name} 内容相同"))
            elif sha in existing:
                old = existing[sha]
                out.append(Imported(f.name, "duplicate", old, reason=(
                    f"该文件已作废（{old.voided_by} {timezone.localtime(old.voided_at):%Y-%m-%d}：{old.void_reason}），"
                    "仍不计入；如需计入，请在报告页恢复" if old.voided_at is not None else "")))
            else:
                created[sha] = Imported(f.name, "new", rows[sha])
                out.append(created[sha])
                new_ids.append(rows[sha].pk)
        _remember_names(out[-len(chunk):])
        if year is not None:
            _give_year(out[-len(chunk):], year)
        if enqueue_audit and new_ids:
            mode = tasks.enqueue(new_ids, total=total, last=last)
            for sha in {f.sha256 for f in chunk} & rows.keys():
                created[sha].audit = mode
    out = [Imported(r.name, "refused", reason=r.reason) for r in batch.refused] + out
    if enqueue_audit and created:
        # the results so far (audited in this process without a broker, else still 待审核), in one query;
        # a copy later in the batch has the same row, so it shows the result too
        fresh = PublishedReport.objects.select_related("agency").in_bulk([i.report.pk for i in created.values()])
        for item in out:
            if item.report is not None and item.report.pk in fresh and item.state != "refused":
                item.report = fresh[item.report.pk]
    return out


def _remember_names(items: list[Imported]) -> None:
    """Keep the names a duplicate came under (other than the stored file's own) on its report: exports list
    them.  The reports are locked while their lists grow (two imports of copies at once)."""
    names: dict[int, list[str]] = {}
    for item in items:
        if item.state == "duplicate" and item.report is not None:
            names.setdefault(item.report.pk, []).append(item.name[:500])
    if not names:
        return
    with transaction.atomic():
        changed = []
        for r in PublishedReport.objects.select_for_update().filter(pk__in=list(names)).only("id", "source_name",
                                                                                              "other_names"):
            known = list(r.other_names or [])
            for name in names[r.pk]:
                if name != r.source_name and name not in known:
                    known.append(name)
            if known != (r.other_names or []):
                r.other_names = known
                changed.append(r)
        if changed:
            PublishedReport.objects.bulk_update(changed, ["other_names"])


def _give_year(items: list[Imported], year: int) -> None:
    """A file imported before without any year (年度不明: none in the report, none given, none in its name) and
    imported again with one (--year, the form's 年度): it belongs to that year now — as it would had the year
    been given the first time — and its unit's versions are numbered with it."""
    ids = {i.report.pk for i in items if i.state == "duplicate" and i.report is not None and i.report.year is None}
    if not ids:
        return
    with transaction.atomic():
        rows = list(PublishedReport.objects.select_for_update().filter(pk__in=ids, year__isnull=True)
                    .only("id", "agency_id", "status", "note"))
        for r in rows:
            note = "；".join(x for x in (r.note, f"年度 {year} 取自再次导入时指定的年度") if x)
            PublishedReport.objects.filter(pk=r.pk).update(year=year, year_given=year, note=note)
        for agency_id in sorted({r.agency_id for r in rows if r.agency_id and r.status == "audited"}):
            lock_units(agency_id)
            renumber(agency_id, year)
    for i in items:
        if i.report is not None and i.report.pk in {r.pk for r in rows}:
            i.report.year = year


def _insert_reports(rows: list[PublishedReport]) -> None:
    """Insert new reports (one chunk of an import) and give each its id.  On PostgreSQL with ``COPY … FROM STDIN``
    (as :func:`insert_findings`), then their ids read by sha256 in one query: Django's bulk insert prepared
    each of the 36 values of each row in Python and built a statement of thousands of placeholders (half the
    import's CPU per file).  A file another import inserted meanwhile raises IntegrityError as the insert
    would (the caller then inserts one by one).  Elsewhere ``bulk_create``."""
    if connection.vendor != "postgresql":
        PublishedReport.objects.bulk_create(rows)
        return
    copy_rows(PublishedReport, rows)
    ids = dict(PublishedReport.objects.filter(sha256__in=[r.sha256 for r in rows]).values_list("sha256", "id"))
    for r in rows:
        r.pk = ids[r.sha256]
        r._state.adding, r._state.db = False, connection.alias


def _insert_one_by_one(rows: dict[str, PublishedReport]) -> tuple[dict, dict]:
    """(rows inserted, rows that another import inserted first), one file at a time."""
    inserted, existing = {}, {}
    for sha, row in rows.items():
        try:
            with transaction.atomic():
                row.save(force_insert=True)
            inserted[sha] = row
        except IntegrityError:
            other = PublishedReport.objects.select_related("agency").filter(sha256=sha).first()
            if other is None:  # not the same file imported by someone else: a real error
                raise
            existing[sha] = other
    return inserted, existing


# ------------------------------------------------------------------ audit
_links = threading.local()


def _link_dir() -> Path:
    """A temporary folder of this thread's own (made at its first report, removed when the process exits) in which
    a stored file is linked under its original suffix to be read: one folder for all the reports a worker reads,
    not one made and removed per report.  In memory (``/dev/shm``) where there is one: a link is made and removed
    for every report, which on a disk's file system waits now and then for its journal (a few ms, the worker's
    CPU idle meanwhile); only links go there, never a file's content."""
    d = getattr(_links, "dir", None)
    if d is None or _links.pid != os.getpid() or not os.path.isdir(d):
        pid = os.getpid()
        prefix = f"{LINK_DIR_PREFIX}{pid}-"  # the pid: clean_stale_link_dirs tells it in use
        try:
            d = tempfile.mkdtemp(prefix=prefix, dir=SHM if os.path.isdir(SHM) else None)
        except OSError:  # (not writable here)
            d = tempfile.mkdtemp(prefix=prefix)
        atexit.register(lambda: os.getpid() == pid and shutil.rmtree(d, ignore_errors=True))
        _links.dir, _links.pid = d, pid
    return Path(d)


LINK_DIR_PREFIX = "gongkai-sup-"
SHM = "/dev/shm"
_LINK_DIR_NAME = re.compile(re.escape(LINK_DIR_PREFIX) + r"(?:(\d+)-)?[A-Za-z0-9_]+$")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, OverflowError):
        return True  # (another user's process, or cannot tell: in use)
    return True


def clean_stale_link_dirs(older_than: float, now: float | None = None) -> list[Path]:
    """Remove the folders :func:`_link_dir` made that a process killed outright (kill -9: no atexit) left in the
    temporary folder: ours (this system account's), untouched for ``older_than`` seconds (the broker's visibility
    timeout: every read touches its folder), and not in use — the process named in the folder's name is gone
    (a folder of an older version, without a process id, only by its age).  Whatever else is there is left
    alone.  Returns the folders removed; ``gongkai worker`` calls it at start."""
    now = time.time() if now is None else now
    removed = []
    entries = []
    for base in dict.fromkeys([tempfile.gettempdir(), SHM]):  # (where _link_dir makes them)
        try:
            entries += list(os.scandir(base))
        except OSError:
            continue
    for entry in entries:
        m = _LINK_DIR_NAME.match(entry.name)
        if m is None:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or now - st.st_mtime < older_than:
            continue
        if m.group(1) is not None and _alive(int(m.group(1))):
            continue
        shutil.rmtree(entry.path, ignore_errors=True)
        if not os.path.exists(entry.path):
            removed.append(Path(entry.path))
    return removed


def _read_and_audit(r: PublishedReport):
    """(report, findings) or raises ReadError; the stored file is read under its original suffix."""
    src = stored_path(r.sha256)
    link = _link_dir() / f"report{r.suffix}"
    link.unlink(missing_ok=True)  # (left by a read this thread could not finish)
    try:
        os.symlink(src, link)
    except OSError:
        shutil.copyfile(src, link)
    try:
        report = read_report(link)
        return report, audit(report)
    except ReadError as exc:
        raise ReadError(r.source_name, _as_imported(exc.message, link, r)) from None
    except Exception as exc:  # (a reader's bug: _audit_one stores it; its text names the file as imported)
        raise _ReaderBug(f"{type(exc).__name__}: {_as_imported(str(exc), link, r)}") from exc
    finally:
        link.unlink(missing_ok=True)


class _ReaderBug(Exception):
    pass


def _as_imported(text: str, link: Path, r: PublishedReport) -> str:
    """A reader's message about the temporary ``link`` the stored file was read under, naming the file as it
    was imported instead (the reader knows only the temporary name: 「report.pdf」)."""
    return (text.replace(str(link), r.source_name).replace(str(link.parent) + os.sep, "")
            .replace(link.name, r.source_name))


def year_in_name(name: str) -> int | None:
    """The one year (2008–2099) a file name states, e.g. 某局2024年报.pdf → 2024; None when none or several."""
    import re
    years = {int(y) for y in re.findall(r"(?<!\d)(20[0-9]{2})(?!\d)", os.path.basename(name or ""))}
    years = {y for y in years if y >= 2008}
    return years.pop() if len(years) == 1 else None


_NOT_TEXT = re.compile(r"[^0-9A-Za-z\u3400-\u9fff]+")


def text_digest(report) -> str:
    """A digest of the narrative's characters (letters, digits, 汉字; full-width forms as half-width), without
    spacing, line breaks and punctuation: what a PDF and its text copy share (corpus: the 2024 洪泽区 .pdf and
    its pdftotext .txt read alike), and what a corrected sentence changes."""
    text = "".join(_NOT_TEXT.sub("", unicodedata.normalize("NFKC", section.text))
                   for section in report.sections.values())
    return hashlib.sha256(text.encode("utf-8")).hexdigest() if text else ""


def _figures(report) -> dict:
    return {f"{t}|{r}|{c}": (str(cell.value) if cell.value is not None else None)
            for (t, r, c), cell in report.cells.items() if cell.kind == "number"}


def audit_published(report_id: int) -> str:
    """Read and audit one stored report and record the outcome — a reader failure is a result
    (status ``unreadable`` with the reason), never a lost job.  Returns the status ("missing" when there
    is no such report)."""
    return audit_reports([report_id])[report_id]


def audit_reports(report_ids: list[int], done: dict | None = None, sent: str | None = None) -> dict[int, str]:
    """:func:`audit_published` for several reports (a background task's few): the reports are read from the
    database in one query, the units they may belong to once per office, each is read and audited
    (:func:`_audit_one`, no write), and then all their outcomes are recorded in one transaction
    (:func:`_record`: a handful of statements for the task, not a handful per report).
    ``done`` (report id → status) is filled with what is recorded, so that a caller interrupted by a database
    error knows which are left (a database error while reading the units records the reports audited
    before it first).  ``sent`` (ISO time the audits were asked for): a report audited since then
    (:func:`audited_since`) is left as it is, status "already-audited" — a message delivered twice does
    nothing new."""
    done = {} if done is None else done
    asked = _asked(sent)
    reports = PublishedReport.objects.in_bulk(report_ids)
    indexes: dict = {}
    outcomes: list[_Outcome] = []
    try:
        for rid in report_ids:
            r = reports.get(rid)
            if r is None:
                done[rid] = "missing"
            elif asked is not None and _done_since(r.status, r.audited_at, asked):
                done[rid] = "already-audited"
            else:
                outcomes.append(_audit_one(r, indexes))
    except (OperationalError, InterfaceError):
        if outcomes:  # what was audited before the error is kept (if the database takes it)
            recorded = _record(outcomes)
            done.update(recorded)
        raise
    if outcomes:
        recorded = _record(outcomes)
        done.update(recorded)
    return done


def _units_index(office_id: int | None, indexes: dict):
    """The units of an office as a matching index, read once per office for one audit_reports() call
    (and kept by the process while they do not change: :func:`matching.index_for`)."""
    if office_id not in indexes:
        indexes[office_id] = index_for(names_of(_unit_rows(office_id)))
    return indexes[office_id]


#: the query of an office's units, compiled once per (database, office) — the same text each time
_UNIT_SQL: dict = {}


def _unit_rows(office_id: int | None):
    """(id, name, former names) of the office's units in id order, as ``units_of(office_id).values_list(...)``
    gives them, read with the compiled query on a plain cursor: a worker reads a province's units for every
    task, and Django's row conversion (the JSON field decoded for each of 1285 rows) was 5 ms of the 6 ms."""
    key = (connection.alias, connection.vendor, office_id)
    if key not in _UNIT_SQL:
        _UNIT_SQL[key] = units_of(office_id).order_by("id").values_list("id", "name", "former_names") \
            .query.sql_with_params()
    sql, params = _UNIT_SQL[key]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for uid, name, former in rows:
        if isinstance(former, (str, bytes)):  # (the JSON text, as the backends hand it to the field)
            former = json.loads(former) if former not in ("[]", b"[]") else []
        yield uid, name, former


@dataclass
class _Outcome:
    """One report's audit, worked out without a lock: what :func:`_record` writes."""

    report_id: int
    agency_id: int | None  # the unit as read before the audit (locked first: _record)
    report: object  # AnnualReport, or None when unreadable
    findings: list
    values: dict
    notes: list
    found: tuple | None  # the publication date found in the document (date, where)
    matched: dict | None  # the unit by name (unless the supervisor confirmed one)


def _audit_one(r: PublishedReport, indexes: dict) -> _Outcome:
    """Read and audit one report and work out everything that needs no lock: the year, the counts, the
    unit by name, the date.  Nothing is written (:func:`_record` does)."""
    report = findings = None
    try:
        if not stored_path(r.sha256).exists():
            raise ReadError(r.source_name, "已导入的文件不在数据文件夹中（可能被删除），请重新导入")
        report, findings = _read_and_audit(r)
    except ReadError as exc:
        error = exc.message
    except _ReaderBug as exc:  # a reader's bug is stored as this file's result, not a crashed job
        error = f"读取时出现内部错误（{exc}），请把该文件报告给开发者"
    except Exception as exc:
        error = f"读取时出现内部错误（{type(exc).__name__}: {exc}），请把该文件报告给开发者"
    else:
        error = ""
    notes = []
    found = None
    if report is None:
        year, said = placed_year(r, None)
        values = {"status": "unreadable", "read_error": error[:2000], "errors": 0, "warnings": 0, "notices": 0,
                  "figures": {}, "text_digest": "", "year": year}
        notes += said
        if values["year"] and not r.year_given:
            notes.append(f"年度 {values['year']} 取自文件名")
        title, agency_text = r.title, r.agency_text
    else:
        title, agency_text = (report.title or "")[:500], (report.agency or "")[:300]
        year, said = placed_year(r, report.year)
        notes += said
        if year and not r.year_given and year != report.year:
            notes.append(("报告中没有写明年度，" if not report.year else "") + f"{year} 取自文件名，请核对")
        if year_mismatch(r, report.year):
            notes.append(year_mismatch(r, report.year))
        if not year:
            notes.append("报告中没有找到年度，导入时也没有指定（--year），请核对")
        elif r.published_on is not None and r.published_on < dt.date(year + 1, 1, 1):
            notes.append(f"发布日期 {r.published_on} 早于 {year + 1}-01-01，{year} 年度的年报不可能在此之前发布，"
                         "请在报告页核对发布日期")
        if r.published_on is None:
            found, note = _date_in_document(r, report, year)
            if note:
                notes.append(note)
        values = {"status": "audited", "read_error": "", "title": title, "agency_text": agency_text, "year": year,
                  "errors": sum(f.severity == "error" for f in findings),
                  "warnings": sum(f.severity == "warning" for f in findings),
                  "notices": sum(f.severity == "notice" for f in findings), "figures": _figures(report),
                  "text_digest": text_digest(report)}
    matched = None
    if r.match_state != "confirmed":
        # the units' names as an index kept by this process while they do not change (a worker matches
        # report after report against the same units)
        agency_id, score, candidates, state = _units_index(r.office_id, indexes).match(agency_text, title,
                                                                                      r.source_name)
        matched = {"agency_id": agency_id, "match_score": score, "candidates": candidates, "match_state": state}
        if r.match_state == "auto" and r.agency_id is not None and agency_id != r.agency_id:
            matched, note = _kept_match(r, agency_id, score, candidates)
            notes.append(note)
    return _Outcome(r.pk, r.agency_id, report, findings or [], values, notes, found, matched)


def _kept_match(r: PublishedReport, agency_id, score, candidates) -> tuple[dict, str]:
    """A file matched to its unit before (auto, nobody disputed it) that matching by name now places elsewhere
    or nowhere — the unit was renamed (机构改革), units were added, the rules changed; the file is the same —
    keeps its unit: a re-audit (``gongkai supervise audit --all`` after an upgrade) must not take a published
    report away from its unit and make it 未发布.  The note says what the names say now; 改派 is the
    supervisor's (report page, ``gongkai supervise reassign``)."""
    names = {c.get("id"): c.get("name") for c in candidates if isinstance(c, dict)}
    mine = next((c.get("score") for c in candidates if isinstance(c, dict) and c.get("id") == r.agency_id),
                r.match_score)
    old = names.get(r.agency_id) or Agency.objects.filter(pk=r.agency_id).values_list("name", flat=True).first()
    if agency_id is None:
        now = (f"最相近的是{candidates[0]['name']}（相似度 {candidates[0]['score']}）" if candidates
               else "没有相近的机关")
        note = (f"重新审核时按名称未能确定所属机关（{now}），保留原来匹配的{old}；"
                "如该文件不属于它，请在报告页改派")
    else:
        note = (f"重新审核时按名称更接近{names.get(agency_id, '另一机关')}（相似度 {score}），保留原来匹配的{old}，"
                f"未自动改派；请核对，如属于{names.get(agency_id, '该机关')}请在报告页改派")
    return {"agency_id": r.agency_id, "match_score": mine, "candidates": candidates, "match_state": "auto"}, note


#: the columns _record writes on every audited report (the version numbers are renumber's)
_AUDIT_FIELDS = ["status", "read_error", "title", "agency_text", "year", "errors", "warnings", "notices", "figures",
                 "text_digest", "published_on", "published_on_source", "agency_id", "match_score", "candidates",
                 "match_state", "note", "audited_at"]


def _record(outcomes: list[_Outcome]) -> dict[int, str]:
    """Record the outcomes of one task's audits in one transaction: the units' rows locked first (all of
    them, in id order, so two workers numbering the versions of one unit's year wait for each other instead
    of both counting themselves as version 1), the reports locked and read in one query, their findings in
    one, one update of the reports, each unit's year numbered once, the findings of all of them written in
    one insert and one update.  Returns each report's status ("missing" when it was deleted meanwhile)."""
    ids = [o.report_id for o in outcomes]
    with transaction.atomic():
        locked = set(lock_units(*(o.agency_id for o in outcomes),
                                *(o.matched["agency_id"] for o in outcomes if o.matched)))
        reports = PublishedReport.objects.select_for_update().in_bulk(ids)
        late = {r.agency_id for r in reports.values() if r.agency_id and r.agency_id not in locked}
        if late:  # the supervisor confirmed another unit meanwhile
            lock_units(*late)
        # a report no audit has finished on has no finding (no audit finding, no S02, and renumber flags S01
        # on readable versions only): the others' rows are read in one query
        rows: dict[int, list[ReportFinding]] = {pk: [] for pk in reports}
        audited_before = [r.pk for r in reports.values() if not (r.status == "pending" and r.audited_at is None)]
        if audited_before:
            for f in ReportFinding.objects.filter(report_id__in=audited_before):
                rows[f.report_id].append(f)
        now = timezone.now()
        old_groups, changed = [], []
        for o in outcomes:
            r = reports.get(o.report_id)
            if r is None:
                continue
            old_groups.append((r.agency_id, r.year))
            for k, v in o.values.items():
                setattr(r, k, v)
            if o.found is not None and r.published_on is None:  # (nobody set one meanwhile)
                r.published_on, r.published_on_source = o.found
            if r.match_state != "confirmed" and o.matched is not None:
                for k, v in o.matched.items():
                    setattr(r, k, v)
            r.note = "；".join(o.notes)
            r.audited_at = now
            changed.append(r)
        if not changed:
            return {pk: "missing" for pk in ids}
        # one statement for the task's reports (not bulk_update: its CASE per field and row costs more to build)
        update_rows(PublishedReport, [(r.pk, {f: getattr(r, f) for f in _AUDIT_FIELDS}) for r in changed])
        # each unit's year once, after every report of the task is written (renumber reads the 发布后修改 flags
        # of the group's other versions only: most units have one)
        s01 = {r.pk: [f for f in rows[r.pk] if f.origin == "platform" and f.code == "S01"] for r in changed}
        groups = [*old_groups, *((r.agency_id, r.year) for r in changed)]
        moved: list = []
        new_rows: list[ReportFinding] = []  # (S01, S02 and the audit's findings: one insert)
        numbers = renumber_groups(groups, flags=s01, moved=moved, new_rows=new_rows)
        log_renumbered(moved, arriving={r.pk for r in changed})
        for r in changed:
            if r.pk in numbers:  # else in no group: its numbers are those read
                r.version, r.previous_id, r.modified_after_publication, r.same_as_id = numbers[r.pk]
        # the decisions a first audit of a later version (or of another format) inherits, in one query
        by_pk = {o.report_id: o for o in outcomes}
        # — and a re-audit's findings nobody has decided yet, when the earlier version has been decided since
        # (the supervisor reviewed version 1 after version 2 arrived: audit --all carries it over)
        sources = {r.pk: r.same_as_id or r.previous_id for r in changed
                   if by_pk[r.pk].report is not None and (r.same_as_id or r.previous_id)
                   and (not any(f.origin == "audit" for f in rows[r.pk])
                        or any(f.origin == "audit" and _undecided(f) for f in rows[r.pk]))}
        inherited: dict[int, dict] = {s: {} for s in sources.values()}
        if inherited:
            for f in (ReportFinding.objects.filter(report_id__in=list(inherited), origin="audit")
                      .exclude(review="open").select_related("report")):
                inherited[f.report_id][f.identity] = f
        changed_rows, gone = [], []
        planned: dict[int, dict[str, ReportFinding]] = {}  # a report's findings as this task leaves them
        for r in changed:
            o = by_pk[r.pk]
            mine = rows[r.pk]
            audit_rows = [f for f in mine if f.origin == "audit"]
            if o.report is not None:
                source = sources.get(r.pk)
                if source in planned:  # recorded just before in this task: its decisions as they are now
                    decided = {i: f for i, f in planned[source].items() if f.review != "open"}
                else:
                    decided = inherited.get(source, {})
                plan = plan_findings(r, o.findings, o.report.format_id, audit_rows, decided)
                new_rows += plan[0]
                changed_rows += plan[1]
                gone += plan[2]
                now_rows = {f.identity: f for f in audit_rows}
                now_rows.update({f.identity: f for f in plan[0]})
                for f in now_rows.values():
                    f.report = r
                planned[r.pk] = now_rows
            else:
                gone += [f.pk for f in audit_rows if f.active]
            flag_year(r, o.report.year if o.report is not None else None,
                      [f for f in mine if f.origin == "platform" and f.code in YEAR_CODES], new_rows=new_rows)
        if new_rows:
            insert_findings(new_rows)
        if changed_rows:
            ReportFinding.objects.bulk_update(changed_rows, _SYNC_FIELDS)
        if gone:
            ReportFinding.objects.filter(pk__in=gone).update(active=False)
    statuses = {pk: "missing" for pk in ids}
    statuses.update({r.pk: r.status for r in changed})
    return statuses


def _date_in_document(r: PublishedReport, report, year: int | None) -> tuple[tuple | None, str]:
    """((date, where) or None, note): the publication date the document prints (:mod:`.dates`), if it can be
    one — not before the year ended, not after today; an impossible one is said, not taken."""
    data = text = None
    if r.suffix in (".html", ".htm", ".txt", ".md", ".markdown"):
        try:
            with open(stored_path(r.sha256), "rb") as fh:
                head = fh.read(65536)
        except OSError:
            head = None
        data, text = (head, None) if r.suffix in (".html", ".htm") else (None, head)
    found = found_date(data, report, text)
    if found is None:
        return None, ""
    try:
        check_published_on(found[0], year)
    except SupervisionError as exc:
        return None, f"文件中的日期 {found[0]} 未作为发布日期（{found[1]}）：{exc}"
    return found, ""


def set_published_on(r: PublishedReport, day: dt.date, user) -> None:
    """The supervisor gives (or corrects) the publication date on the report page; audit-logged."""
    check_published_on(day, r.year)
    old, old_source = r.published_on, r.published_on_source
    r.published_on = day
    r.published_on_source = (f"{getattr(user, 'display_name', None) or user}于 {today()} 在报告页填写")[:300]
    moved: list = []
    with transaction.atomic():
        lock_units(r.agency_id)
        r.save(update_fields=["published_on", "published_on_source"])
        renumber(r.agency_id, r.year, moved=moved)  # the versions follow the publication dates
    record(user, "supervision_published_on", r,
           old={"published_on": old.isoformat() if old else "发布日期未知", "source": old_source},
           new={"published_on": day.isoformat(), "source": r.published_on_source})
    log_renumbered(moved, user, why=f"{r.source_name} 的发布日期改为 {day} 后，版本按发布日期重新编号")


def audited_since(report_id: int, sent: str) -> bool:
    """Whether the report's audit finished at or after ``sent`` (ISO time an audit was asked for): then a
    second delivery of that request has nothing to do."""
    asked = _asked(sent)
    if asked is None:
        return False
    row = PublishedReport.objects.filter(pk=report_id).values("status", "audited_at").first()
    return row is not None and _done_since(row["status"], row["audited_at"], asked)


def _asked(sent: str | None) -> dt.datetime | None:
    """The time in ``sent`` (ISO, as a task carries it), or None when there is none or it is no time."""
    if not sent:
        return None
    try:
        asked = dt.datetime.fromisoformat(sent)
    except (TypeError, ValueError):
        return None
    return asked if timezone.is_aware(asked) else timezone.make_aware(asked)


def _done_since(status: str, audited_at, asked: dt.datetime) -> bool:
    return status != "pending" and audited_at is not None and audited_at >= asked


def year_mismatch(r: PublishedReport, stated: int | None) -> str:
    """The sentence saying that the report states another year than the one given at import, or ""."""
    if stated and r.year_given and stated != r.year_given:
        if stated not in report_years():
            return (f"报告写明的年度为 {stated} 年，与导入时指定的 {r.year_given} 年不同；{stated} 年不在本平台可查看的年度"
                    f"（{_years_said()}）之内，按导入时指定的 {r.year_given} 年计入")
        return f"报告写明的年度为 {stated} 年，与导入时指定的 {r.year_given} 年不同，按报告的年度计入"
    return ""


def _years_said() -> str:
    years = report_years()
    return f"{years[0]}—{years[-1]} 年"


def placed_year(r: PublishedReport, stated: int | None) -> tuple[int | None, list[str]]:
    """(the year a file is counted under, notes): the year the report states, else the year given at import,
    else the one in its file name — but only a year the platform's pages, exports and commands serve
    (:func:`gongkai.web.years.report_years`): a file counted under another year (a report saying 2031, a name
    saying 2099) could be opened by no page and listed by no export.  Such a year is passed over with a note
    (and the report's S03), the next one used; with none the file is 年度不明 (listed beside every year)."""
    years, notes = report_years(), []
    named = year_in_name(r.source_name)
    for year, where in ((stated, "报告写明的年度"), (r.year_given, ""), (named, "文件名中的年份")):
        if year is None:
            continue
        if year in years:
            return year, notes
        if where and not (where == "报告写明的年度" and r.year_given):  # (else year_mismatch says it)
            notes.append(f"{where} {year} 不在本平台可查看的年度（{_years_said()}）之内，未按该年度计入")
    if notes:
        notes.append("计入“年度不明”（每个年度的导出都列出），请核对后重新导入时指定年度")
    return None, notes


#: the platform findings about a report's year (:func:`flag_year`)
YEAR_CODES = ("S02", "S03")


def flag_year(r: PublishedReport, stated: int | None, flags: list[ReportFinding] | None = None,
              new_rows: list | None = None) -> None:
    """The platform findings about the year a report states (warnings the supervisor confirms or dismisses —
    never silent; deactivated when the reason is gone):

    * S02 年度与导入时指定的不同: the report's own year wins over ``--year`` (the year a report is about is
      what it says);
    * S03 年度不合理: the year it states is before 2008 or after this year (:func:`implausible_year`) — a
      typing error in the report (2031 for 2021) or a file that is no annual report; it is still counted
      under the year it states, so the supervisor sees it there.

    ``flags``: the report's S02/S03 rows when the caller has read them already (only what changes is written
    then); ``new_rows``: a new finding is added to it (the caller inserts it with its others) instead of
    inserted here."""
    if flags is None:
        flags = list(ReportFinding.objects.filter(report=r, origin="platform", code__in=YEAR_CODES))
    wanted = {}
    text = year_mismatch(r, stated)
    if text:
        wanted[hashlib.sha256(f"S02|{r.year_given}|{stated}".encode()).hexdigest()] = {
            "origin": "platform", "code": "S02", "severity": "warning", "active": True,
            "message": f"年度与导入时指定的不同：{text}。",
            "hint": "请核对：若导入时指定的年度有误，无需处理；若文件发错了年度，请联系该机关。",
            "evidence": [], "places": [["year", r.year_given, stated]], "evidence_digest": f"{stated}"}
    odd = implausible_year(stated)
    if odd:
        wanted[hashlib.sha256(f"S03|{stated}".encode()).hexdigest()] = {
            "origin": "platform", "code": "S03", "severity": "warning", "active": True,
            "message": f"年度不合理：{odd}。",
            "hint": "请核对报告标题和正文中的年度：可能是笔误（如把 2021 写成 2031），或该文件不是年度报告；"
                    "确认后可在报告页改派或作废。",
            "evidence": [], "places": [["year", r.year_given, stated]], "evidence_digest": f"{stated}"}
    gone = [f.pk for f in flags if f.active and f.identity not in wanted]
    if gone:
        ReportFinding.objects.filter(pk__in=gone).update(active=False)
    for identity, fields in wanted.items():
        row = next((f for f in flags if f.identity == identity), None)
        if row is None and new_rows is not None:
            new_rows.append(ReportFinding(report=r, identity=identity, **fields))
        elif row is None:
            ReportFinding.objects.create(report=r, identity=identity, **fields)
        elif any(getattr(row, k) != _plain(v) for k, v in fields.items()):
            for k, v in fields.items():
                setattr(row, k, v)
            row.save(update_fields=list(fields))


def lock_units(*agency_ids) -> list[int]:
    """Lock the rows of these units (PostgreSQL: SELECT … FOR NO KEY UPDATE, in id order, so rows that merely
    refer to a unit are not held up) until the transaction ends; returns their ids."""
    ids = sorted({a for a in agency_ids if a})
    if ids:
        locked = Agency.objects.select_for_update(no_key=True).filter(pk__in=ids).order_by("pk")
        list(locked.values_list("pk", flat=True))
    return ids


def _plain(value):
    """``value`` as the database gives it back (JSON: tuples become lists), for comparing before a write."""
    import json
    return json.loads(json.dumps(value))


#: the columns an audit writes on an existing finding (plan_findings' rows to update)
_SYNC_FIELDS = ["code", "severity", "message", "hint", "evidence", "places", "active", "evidence_digest", "review",
                "previous_review", "comment", "reviewed_by", "reviewed_at"]


_CARRIED = re.compile(r"(?:（沿用[^（）]*?的审查意见）)+$")


def own_words(comment: str) -> str:
    """A review comment without the “（沿用第N版的审查意见）” notes a carried-over decision ends with: the
    reviewer's words, to which one note of where the decision now comes from is added."""
    return _CARRIED.sub("", comment or "")


def _evidence(f, source_name: str, plain: bool = True) -> list:
    """The finding's evidence as stored: a location names the imported file (its original name), not the
    temporary link it was read through — that differs on every run and would rewrite every row at each
    re-audit.  ``plain``: as the database gives it back (:func:`_plain`), for comparing with a stored row; a
    new row is stored as it is (the JSON written is the same)."""
    out = []
    for e in f.evidence:
        d = e.to_dict()
        if "source" in d.get("location", {}):
            d["location"]["source"] = source_name
        out.append(d)
    return _plain(out) if plain else out


def plan_findings(r: PublishedReport, findings, format_id: str, rows: list[ReportFinding],
                  inherited: dict[str, ReportFinding]) -> tuple[list, list, list]:
    """(rows to insert, rows to update, ids to deactivate) to store this run's findings by identity, nothing
    written.  A decision stays where identity and evidence are unchanged, and is reopened (the old decision
    kept in ``previous_review``) where the evidence changed.  A finding of a new version inherits the
    previous version's decision when its identity and evidence are the same.  ``rows``: the report's audit
    findings; ``inherited``: the decided audit findings (by identity, with their report) of the file whose
    decisions a first audit takes over — the same version in another format, else the previous version
    (used only when ``rows`` is empty)."""
    existing = {f.identity: f for f in rows}
    seen = set()
    new_rows, changed_rows = [], []
    placed = list(zip(findings, ident.identities(findings, format_id)))
    # a sentence that only moved (a line added above it in the new version: its line number, part of the
    # identity, changed) is the same finding: the earlier decision is found by rule, part and sentence
    moved = _by_content([old for old in inherited.values()
                         if old.identity not in {identity for _, (identity, _) in placed}])

    def earlier(identity, code, places, digest):
        """The decided finding of the earlier file this one takes over: by identity, else one that only moved."""
        old = inherited.get(identity)
        if old is None:
            same = moved.get(_content_key(code, places, digest))
            old = same.pop(0) if same else None
        return old

    for f, (identity, places) in placed:
        digest = ident.evidence_digest(f)
        if identity in seen:
            continue
        seen.add(identity)
        fields = {"code": f.code, "severity": f.severity, "message": f.message, "hint": f.hint or "",
                  "evidence": _evidence(f, r.source_name, plain=False), "places": places, "active": True}
        row = existing.get(identity)
        if row is None:  # (stored as they are: no JSON round trip for the comparison a new row does not need)
            row = ReportFinding(report=r, identity=identity, evidence_digest=digest, **fields)
            old = earlier(identity, f.code, places, digest)
            if old is not None and old.evidence_digest == digest and old.review in ("confirmed", "dismissed"):
                _carry(row, old, r)
            elif old is not None and old.review in ("confirmed", "dismissed"):
                # the evidence changed: still 待审查, with the earlier decision as a hint (the page shows it)
                row.previous_review = {"review": old.review, "comment": own_words(old.comment),
                                       "by": old.reviewed_by, "version": old.report.version,
                                       "at": old.reviewed_at.isoformat() if old.reviewed_at else None,
                                       "evidence": old.evidence}
            new_rows.append(row)
            continue
        fields["evidence"], fields["places"] = _plain(fields["evidence"]), _plain(places)
        before = [getattr(row, k) for k in _SYNC_FIELDS]
        if _undecided(row) and row.evidence_digest == digest and inherited:
            old = earlier(identity, f.code, places, digest)
            if old is not None and old.evidence_digest == digest and old.review in ("confirmed", "dismissed"):
                _carry(row, old, r)
        if row.evidence_digest != digest:
            if row.review in ("confirmed", "dismissed"):
                row.previous_review = {"review": row.review, "comment": row.comment, "by": row.reviewed_by,
                                       "at": row.reviewed_at.isoformat() if row.reviewed_at else None,
                                       "evidence": row.evidence}
                row.review = "reopened"
            row.evidence_digest = digest
        for k, v in fields.items():
            setattr(row, k, v)
        if [getattr(row, k) for k in _SYNC_FIELDS] != before:
            changed_rows.append(row)
    gone = [row.pk for identity, row in existing.items() if identity not in seen and row.active]
    return new_rows, changed_rows, gone


def _undecided(f: ReportFinding) -> bool:
    """A finding nobody has decided on: 待审查 and never reviewed (not one set back to 待审查 by hand, nor one
    reopened because its evidence changed)."""
    return f.review == "open" and f.reviewed_at is None and not f.previous_review


def _carry(row: ReportFinding, old: ReportFinding, r: PublishedReport) -> None:
    """``old``'s decision on ``row`` (the same finding in another format or the earlier version), said so."""
    row.review, row.reviewed_by, row.reviewed_at = old.review, old.reviewed_by, old.reviewed_at
    whence = f"同一版本另一格式 {old.report.source_name}" if r.same_as_id else f"第{old.report.version}版"
    row.comment = f"{own_words(old.comment)}（沿用{whence}的审查意见）"


def _content_key(code: str, places, digest: str):
    """What a narrative finding is about apart from where its sentences stand: (rule, the parts, the
    sentences' text digest); None for a finding about cells (their place — table, row, column — does not move
    with the lines) or about nothing."""
    if not places or not all(isinstance(p, (list, tuple)) and p and p[0] == "passage" for p in places):
        return None
    return ident.identity_code(code), tuple(str(p[1]) if len(p) > 1 else "" for p in places), digest


def _by_content(olds) -> dict:
    """The decided findings of the file a new version inherits from, by :func:`_content_key` (several with
    the same key in their order in the file)."""
    out: dict = {}
    for old in sorted(olds, key=lambda f: f.pk or 0):
        key = _content_key(old.code, old.places, old.evidence_digest)
        if key is not None:
            out.setdefault(key, []).append(old)
    return out


#: the columns renumber reads (not the figures and other long ones: same_publication reads a file's figures
#: only when its narrative is that of the version before it)
_VERSION_FIELDS = ("id", "sha256", "source_name", "imported_at", "published_on", "year", "status", "version",
                   "previous_id", "modified_after_publication", "same_as_id", "text_digest", "version_pinned")


def update_rows(model, rows: list[tuple[int, dict]]) -> None:
    """Set each row's fields (pk → {column attname: value}; every row the same columns): on PostgreSQL one
    ``UPDATE … FROM (VALUES …)`` for all of them — a background task's few reports in one round trip instead
    of one each, while the worker's CPU would otherwise wait — the values typed by their columns and prepared
    by their fields as ``QuerySet.update`` does; elsewhere (SQLite, one local file) one UPDATE per row."""
    if not rows:
        return
    if len(rows) == 1 or connection.vendor != "postgresql":
        for pk, values in rows:
            model.objects.filter(pk=pk).update(**values)
        return
    names = list(rows[0][1])
    meta = model._meta
    fields = [meta.get_field(n) for n in names]
    qn = connection.ops.quote_name
    pk_type = meta.pk.db_type(connection)
    # (a varchar's length is left to the column: a cast to varchar(n) would cut a longer value without a word,
    # the column refuses it as an UPDATE of that row would)
    types = [re.sub(r"^varchar\(\d+\)$", "text", f.db_type(connection)) for f in fields]
    cells = "(" + ", ".join([f"%s::{pk_type}"] + [f"%s::{t}" for t in types]) + ")"
    params: list = []
    for pk, values in rows:
        params.append(pk)
        params += [f.get_db_prep_save(values[n], connection) for n, f in zip(names, fields)]
    table = qn(meta.db_table)
    sql = (f"UPDATE {table} SET " + ", ".join(f"{qn(f.column)} = v.{qn(f.column)}" for f in fields)
           + f" FROM (VALUES {', '.join([cells] * len(rows))}) AS v({qn(meta.pk.column)}, "
           + ", ".join(qn(f.column) for f in fields) + f") WHERE {table}.{qn(meta.pk.column)} = v.{qn(meta.pk.column)}")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def insert_findings(rows: list[ReportFinding]) -> None:
    """Insert new findings (their ids are not read back: the caller does not use them).  On PostgreSQL with
    ``COPY … FROM STDIN``, each value prepared by its field as an insert prepares it: no statement of
    thousands of placeholders for Django to compile and psycopg to parse in Python (half the CPU of writing a
    task's findings went there), and the server parses no statement either.  A constraint the rows break
    (the same identity twice on a report) raises IntegrityError as the insert would.  Elsewhere
    ``bulk_create``."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        ReportFinding.objects.bulk_create(rows)
        return
    copy_rows(ReportFinding, rows)


def copy_rows(model, rows: list) -> None:
    """``COPY`` these new rows of ``model`` into its table (PostgreSQL), every column but the id, each value
    prepared by its field as an insert prepares it; the ids are not read back.  Database errors are Django's
    (IntegrityError for a broken constraint)."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    qn = connection.ops.quote_name
    sql = f"COPY {qn(model._meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) FROM STDIN"
    data = [[f.get_db_prep_save(f.pre_save(row, True), connection) for f in fields] for row in rows]
    with connection.cursor() as cursor, connection.wrap_database_errors:  # (django's errors: the task retries)
        with cursor.cursor.copy(sql) as copy:
            for values in data:
                copy.write_row(values)


def same_publication(a: PublishedReport, b: PublishedReport) -> bool:
    """Whether two readable files of one unit's year are one publication in two formats (a .pdf and the .txt
    or web page of it): the same audited figures, cell for cell, and the same narrative (:func:`text_digest`).
    Same figures with a changed sentence is a new version (a report corrected after publication).  A report
    with no figure or no text read is compared with nothing (two empty readings say nothing).  The narratives
    are compared first: renumber reads the figures only of the files whose narratives are the same.

    Only the cells both files read are compared: a layout that honestly could not tell a cell (glued digits
    with several splits, a formula saved without its result — no number in ``figures``) says nothing about
    it, so it is unknown, not different.  Both must still have read most of the same cells (at least half of
    the smaller reading), so that two readings of a few scattered cells are not taken for one publication."""
    if not (a.text_digest and a.text_digest == b.text_digest and a.figures and b.figures):
        return False
    shared = a.figures.keys() & b.figures.keys()
    return (2 * len(shared) >= min(len(a.figures), len(b.figures))
            and all(a.figures[k] == b.figures[k] for k in shared))


def version_order(r: PublishedReport) -> tuple:
    """Where a file stands among its unit's year: by publication date where known (a correction imported
    before the original is still the later version), the files of unknown date after them, by import time."""
    return (r.published_on is None, r.published_on or dt.date.max, r.imported_at, r.pk)


def pinned_order(members: list) -> list:
    """``members`` (in :func:`version_order`) with the versions the supervisor confirmed (``version_pinned``,
    :func:`pin_version`) at their confirmed numbers and the others filling the numbers left, in version
    order.  So the rule is: by publication date where known, else by import time — until the supervisor
    confirms a version's number, which then stays whatever is imported, dated or confirmed later (a file
    published earlier than a confirmed version, or of unknown date and imported before it, takes a free
    number after it).  Only readable files take a number; the others keep their place."""
    pins = {m.pk: m.version_pinned for m in members if m.version_pinned and m.status == "audited"}
    if not pins:
        return members
    pinned = sorted((m for m in members if m.pk in pins), key=lambda m: (pins[m.pk], version_order(m)))
    free = [m for m in members if m.pk not in pins]
    out, number = [], 1
    while pinned or free:
        if pinned and (pins[pinned[0].pk] <= number or not free):
            out.append(pinned.pop(0))
            number += 1
        else:
            m = free.pop(0)
            out.append(m)
            number += m.status == "audited"
    return out


def renumber(agency_id, year, flags: dict[int, list[ReportFinding]] | None = None,
             moved: list | None = None) -> dict[int, tuple]:
    """Number the readable versions of one unit's report for one year in :func:`version_order` (publication
    date where known, then import time; the numbers the supervisor confirmed kept: :func:`pinned_order`;
    a file marked 作废 is no version); every version after the first is flagged 发布后修改 (a platform
    finding, reviewed like the others).  A file with the same figures and narrative as an earlier version
    (:func:`same_publication`: another format of it) is that version — it gets its number and ``same_as``,
    no flag.  ``moved``: filled with (report, old version, new version) for each readable file whose number
    changed (the caller says so in the audit log).  A file of the group that is not readable is a
    version of nothing.  Only what changed is written (two reads, then a few writes), so re-auditing a unit
    with many versions stays cheap.  ``flags``: the S01 rows of some reports, read already by the caller (the
    others' are read here).  Returns each member's (version, previous_id, modified_after_publication,
    same_as_id)."""
    return renumber_groups([(agency_id, year)], flags, moved)


def renumber_groups(groups, flags: dict[int, list[ReportFinding]] | None = None, moved: list | None = None,
                    new_rows: list | None = None) -> dict[int, tuple]:
    """:func:`renumber` for several (unit, year) groups at once (a background task's reports): their members
    read in one query, the S01 flags the caller has not read in one more.  ``new_rows``: the S01 findings to
    create are added to it (the caller inserts them with its others) instead of inserted here."""
    groups = list(dict.fromkeys((a, y) for a, y in groups if a and y))
    if not groups:
        return {}
    which = Q()
    for agency_id, year in groups:
        which |= Q(agency_id=agency_id, year=year)
    members_of: dict[tuple, list[PublishedReport]] = {g: [] for g in groups}
    for m in PublishedReport.objects.filter(which, voided_at__isnull=True).only(*_VERSION_FIELDS, "agency_id"):
        members_of[(m.agency_id, m.year)].append(m)
    known = flags or {}
    flags = {pk: list(rows) for pk, rows in known.items()}
    unknown = [m.pk for ms in members_of.values() for m in ms if m.pk not in known]
    if unknown:
        for f in ReportFinding.objects.filter(report__in=unknown, origin="platform", code="S01"):
            flags.setdefault(f.report_id, []).append(f)
    deactivate, create, update = [], [], []
    renumbered: list[tuple[int, dict]] = []
    out: dict[int, tuple] = {}
    for group in groups:
        members = pinned_order(sorted(members_of[group], key=version_order))
        prev = None
        versions: list[PublishedReport] = []  # the versions numbered so far, latest first
        for v in members:
            previous = prev if v.status == "audited" else None
            # another format of the latest version; of an earlier one only when not known to be published later
            # (a .txt of version 1 with no date comes after the dated versions)
            same = (next((w for i, w in enumerate(versions) if (i == 0 or v.published_on is None
                                                                 or v.published_on == w.published_on)
                          and same_publication(v, w)), None) if previous is not None else None)
            if same is not None:  # another format of an earlier version: its number, its predecessor
                number, previous = same.version, same.previous
            else:
                number = 1 if previous is None else previous.version + 1
            state = (number, previous.pk if previous else None, previous is not None, same.pk if same else None)
            if moved is not None and v.status == "audited" and v.version != number:
                moved.append((v, v.version, number))
            if (v.version, v.previous_id, v.modified_after_publication, v.same_as_id) != state:
                renumbered.append((v.pk, {"version": number, "previous_id": state[1], "same_as_id": state[3],
                                          "modified_after_publication": previous is not None}))
            v.version, v.previous, v.modified_after_publication, v.same_as = (number, previous, previous is not None,
                                                                              same)
            want = _s01(v, previous) if previous is not None and same is None else None
            mine = flags.get(v.pk, [])
            deactivate += [f.pk for f in mine if f.active and (want is None or f.identity != want[0])]
            if want is not None:
                identity, fields = want
                row = next((f for f in mine if f.identity == identity), None)
                if row is None:
                    create.append(ReportFinding(report=v, identity=identity, **fields))
                elif any(getattr(row, k) != val for k, val in fields.items()):
                    for k, val in fields.items():
                        setattr(row, k, val)
                    update.append(row)
            if v.status == "audited" and same is None:
                prev = v
                versions.insert(0, v)
        out.update({v.pk: (v.version, v.previous_id, v.modified_after_publication, v.same_as_id) for v in members})
    update_rows(PublishedReport, renumbered)
    if deactivate:
        ReportFinding.objects.filter(pk__in=deactivate).update(active=False)
    if create:
        if new_rows is not None:
            new_rows += create
        else:
            ReportFinding.objects.bulk_create(create)
    if update:
        ReportFinding.objects.bulk_update(update, list(_s01_fields()))
    return out


def log_renumbered(moved: list, user=None, *, arriving=(), why: str = "") -> None:
    """Say in the audit log each version number that changed for a file already numbered (``arriving``: the
    files whose own import or confirmation caused it, not said again)."""
    for r, old, new in moved:
        if r.pk in arriving:
            continue
        record(user, "supervision_renumber", r, old={"version": old},
               new={"version": new, "reason": why or "同一机关同一年度有发布日期更早的文件，版本按发布日期重新编号"})


def _s01_fields():
    return ("origin", "code", "severity", "active", "message", "hint", "evidence", "places", "evidence_digest")


def _s01(r: PublishedReport, prev: PublishedReport) -> tuple[str, dict]:
    """(identity, fields) of the 发布后修改 flag of ``r``, a later version of ``prev``."""
    identity = hashlib.sha256(f"S01|{prev.sha256}".encode()).hexdigest()
    when = (f"{prev.published_on} 发布的" if prev.published_on else
            timezone.localtime(prev.imported_at).strftime("%Y-%m-%d %H:%M") + " 导入的")
    return identity, {
        "origin": "platform", "code": "S01", "severity": "warning", "active": True,
        "message": f"发布后修改：本文件是该机关{r.year}年度报告的第{r.version}版，与 {when}"
                   f"第{prev.version}版（{prev.source_name}，sha256 {prev.sha256[:12]}…）内容不同。",
        "hint": "请核实修改的内容和原因；年度报告向社会公布后不应随意修改，确需更正的应当说明。",
        "evidence": [], "places": [["file", prev.sha256]], "evidence_digest": prev.sha256}


def confirm_agency(r: PublishedReport, agency: Agency, user, reason: str = "") -> None:
    """The supervisor says which unit the report belongs to (a weak match), or that it does not belong to the
    unit it was matched to and is the report of another (改派, with the reason: required when it moves away
    from a unit).  The file, its findings and their review stay as they are; its versions are numbered again
    in both units' years; the audit log says from which unit to which, who and why."""
    if agency.id not in units(r.office).values_list("id", flat=True) or agency.id not in user.scope_agency_ids():
        raise SupervisionError("只能选择本机关或下级机关。不属于本机关及下级机关的文件，请用“作废/移除”并写明理由。")
    reason = (reason or "").strip()
    moving = r.agency_id is not None and r.agency_id != agency.id
    if moving and not reason:
        raise SupervisionError(f"该文件现属于{r.agency.name}：改派到{agency.name}时请写明理由（例如“报告中的机关名称是…”）。")
    if len(reason) > 2000:
        raise SupervisionError("理由过长（上限 2000 字）。")
    old_agency = r.agency.name if r.agency_id else None
    with transaction.atomic():
        lock_units(r.agency_id, agency.id)
        old = (r.agency_id, r.year)
        r.agency, r.match_state = agency, "confirmed"
        # the similarity shown beside the unit is this unit's (a candidate's score), not the one it had with the
        # unit it was matched to before; none when the chosen unit was no candidate
        r.match_score = next((c.get("score") for c in r.candidates or []
                              if isinstance(c, dict) and c.get("id") == agency.id), None)
        fields = ["agency", "match_state", "match_score"]
        if moving:  # a version number confirmed among the old unit's files means nothing among the new one's
            r.version_pinned, r.version_pinned_by, r.version_pinned_at = None, "", None
            fields += ["version_pinned", "version_pinned_by", "version_pinned_at"]
        r.save(update_fields=fields)
        moved: list = []
        renumber(*old, moved=moved)
        renumber(r.agency_id, r.year, moved=moved)
        cancelled = (_cancel_rectifications(r, f"所依据的年报（{r.source_name}）已改派到{agency.name}（理由：{reason}），"
                                               f"不是{old_agency}的报告，本整改事项自动撤销", user)
                     if moving else [])
    if moving:
        record(user, "supervision_reassign", r, old={"agency": old_agency},
               new={"agency": agency.name, "reason": reason,
                    **({"rectifications_cancelled": [i.pk for i in cancelled]} if cancelled else {})},
               agency_id=agency.id)
    else:
        record(user, "supervision_confirm", r, new={"agency": agency.name, **({"reason": reason} if reason else {})})
    _log_cancelled(cancelled, user)
    log_renumbered(moved, user, arriving={r.pk}, why=f"{r.source_name} {'改派' if moving else '确认属于'}{agency.name}后，"
                   "版本按发布日期重新编号")
    return cancelled


def _cancel_rectifications(r: PublishedReport, why: str, user) -> list:
    """The open 整改 items issued from ``r`` to a unit it is no longer the report of (改派: to its old unit;
    作废: to any unit), cancelled with ``why`` as the closing note — an item addressed to the wrong unit must
    not stay open in its 整改通知 and 待办.  Items already closed stay as they are.  Inside the caller's
    transaction; :func:`_log_cancelled` writes the audit log after it."""
    qs = Rectification.objects.select_for_update().filter(report=r, status="open")
    if r.voided_at is None:  # 改派: the items addressed to the unit the report now belongs to stay
        qs = qs.exclude(agency_id=r.agency_id)
    items = list(qs.order_by("id"))
    now = timezone.now()
    for item in items:
        item.status, item.closed_at = "cancelled", now
        item.closing_note = why[:4000]
    Rectification.objects.bulk_update(items, ["status", "closed_at", "closing_note"])
    return items


def cancelled_words(items: list, old_unit: str, new_unit: str | None) -> str:
    """What the page and the command line say of the 整改 items :func:`confirm_agency` (改派 to ``new_unit``)
    or :func:`void_report` (``new_unit`` None) cancelled: how many, and that the supervisor may issue them again."""
    if not items:
        return ""
    again = (f"如仍需整改，请在该报告确认的审核意见处向{new_unit}重新下发。" if new_unit
             else "该文件恢复（撤销作废）后可重新下发。")
    return (f"{old_unit or '原机关'}据此报告下发的 {len(items)} 项未办结整改事项已自动撤销（注明原因，记入审计日志）；"
            + again)


def _log_cancelled(items: list, user) -> None:
    for item in items:
        record(user, "supervision_rectify_close", item,
               new={"status": "cancelled", "note": item.closing_note, "automatic": True}, agency_id=item.agency_id)


def void_report(r: PublishedReport, reason: str, user) -> None:
    """作废/移除: the file is not an annual report (a notice, another year's or another office's report, a
    wrong upload).  It is kept — the stored file, its findings and reviews, the audit log — but no longer
    counts: not in coverage (a unit with only this file has not published), not a version (its unit's
    versions are numbered without it), not in the indicators, and listed apart in the exports, with who,
    when and why.  Audit-logged; :func:`restore_report` undoes it."""
    reason = (reason or "").strip()
    if not reason:
        raise SupervisionError("作废时请写明理由（例如“不是年度报告，是政府信息公开指南”“是某市某局的年报”）。")
    if len(reason) > 2000:
        raise SupervisionError("理由过长（上限 2000 字）。")
    if r.voided_at is not None:
        raise SupervisionError(f"该文件已于 {timezone.localtime(r.voided_at):%Y-%m-%d %H:%M} 由{r.voided_by}作废。")
    by = getattr(user, "display_name", None) or str(user)
    moved: list = []
    with transaction.atomic():
        lock_units(r.agency_id)
        r.voided_at, r.voided_by, r.void_reason = timezone.now(), by[:150], reason
        r.version_pinned, r.version_pinned_by, r.version_pinned_at = None, "", None
        r.save(update_fields=["voided_at", "voided_by", "void_reason", "version_pinned", "version_pinned_by",
                              "version_pinned_at"])
        renumber(r.agency_id, r.year, moved=moved)
        cancelled = _cancel_rectifications(r, f"所依据的年报（{r.source_name}）已作废（理由：{reason}），"
                                              "本整改事项自动撤销", user)
    record(user, "supervision_void", r, old={"agency": r.agency.name if r.agency_id else None, "year": r.year,
                                             "status": r.status, "version": r.version},
           new={"reason": reason, "by": by,
                **({"rectifications_cancelled": [i.pk for i in cancelled]} if cancelled else {})})
    _log_cancelled(cancelled, user)
    log_renumbered(moved, user, why=f"{r.source_name} 作废后，版本重新编号")
    return cancelled


def restore_report(r: PublishedReport, reason: str, user) -> None:
    """Undo :func:`void_report` (the file counts again, its unit's versions numbered with it); audit-logged."""
    if r.voided_at is None:
        raise SupervisionError("该文件没有作废。")
    old = {"voided_at": timezone.localtime(r.voided_at).isoformat(timespec="seconds"), "by": r.voided_by,
           "reason": r.void_reason}
    moved: list = []
    with transaction.atomic():
        lock_units(r.agency_id)
        r.voided_at, r.voided_by, r.void_reason = None, "", ""
        r.save(update_fields=["voided_at", "voided_by", "void_reason"])
        renumber(r.agency_id, r.year, moved=moved)
    record(user, "supervision_restore", r, old=old, new={"reason": (reason or "").strip()[:2000]})
    log_renumbered(moved, user, arriving={r.pk}, why=f"{r.source_name} 恢复（撤销作废）后，版本重新编号")


def pin_version(r: PublishedReport, number: int | None, user) -> None:
    """The supervisor confirms which version this file is (``number``, by default the one it has now): the
    number stays, whatever is imported, dated or confirmed in the unit's year later (:func:`pinned_order`),
    until the supervisor changes it here or releases it (``number`` 0).  Another file confirmed at the same
    number is released (the supervisor moved that number to this file).  Audit-logged."""
    if r.voided_at is not None or r.status != "audited" or r.agency_id is None or r.year is None:
        raise SupervisionError("只有已审核、已确定所属机关和年度、未作废的文件才能确认版本。")
    if r.same_as_id is not None:
        raise SupervisionError("该文件是同一版本的另一格式，请在该版本先导入的文件上确认版本。")
    count = PublishedReport.objects.filter(agency_id=r.agency_id, year=r.year, status="audited",
                                           voided_at__isnull=True, same_as__isnull=True).count()
    number = r.version if number is None else number
    if number and not 1 <= number <= count:
        raise SupervisionError(f"版本号应在 1 到 {count} 之间（{r.agency.name}{r.year} 年度共有 {count} 个版本）。")
    by = getattr(user, "display_name", None) or str(user)
    old = {"version": r.version, "pinned": r.version_pinned}
    moved: list = []
    with transaction.atomic():
        lock_units(r.agency_id)
        if number:
            (PublishedReport.objects.filter(agency_id=r.agency_id, year=r.year, version_pinned=number)
             .exclude(pk=r.pk).update(version_pinned=None, version_pinned_by="", version_pinned_at=None))
        r.version_pinned = number or None
        r.version_pinned_by, r.version_pinned_at = (by[:150], timezone.now()) if number else ("", None)
        r.save(update_fields=["version_pinned", "version_pinned_by", "version_pinned_at"])
        renumber(r.agency_id, r.year, moved=moved)
    r.refresh_from_db(fields=["version", "previous", "modified_after_publication", "same_as"])
    record(user, "supervision_pin_version", r, old=old, new={"version": r.version, "pinned": number or None})
    log_renumbered(moved, user, arriving={r.pk},
                   why=(f"{r.source_name} 确认为第{number}版后重新编号" if number
                        else f"{r.source_name} 取消确认版本后，按发布日期重新编号"))


def review_finding(f: ReportFinding, decision: str, comment: str, user) -> None:
    if decision not in ("confirmed", "dismissed", "open"):
        raise SupervisionError("审查结论只能是“确认”“排除”或“重新待审”。")
    # the reviewer's own decision now: a carried-over note (still in the form's field) no longer applies
    comment = own_words((comment or "").strip()).strip()
    if decision == "dismissed" and not comment:
        raise SupervisionError("排除一条审核意见时请写明理由。")
    if len(comment) > 2000:
        raise SupervisionError("意见过长（上限 2000 字）。")
    f.review, f.comment = decision, comment
    f.reviewed_by = getattr(user, "display_name", None) or str(user)
    f.reviewed_at = timezone.now()
    f.save(update_fields=["review", "comment", "reviewed_by", "reviewed_at"])
    record(user, "supervision_review", f.report, new={"code": f.code, "review": decision, "comment": comment})


# ------------------------------------------------------------------ progress, coverage
def _no_counts() -> dict:
    return {"pending": 0, "audited": 0, "unreadable": 0, "voided": 0, "to_confirm": 0}


def _count_into(counts: dict, row: dict) -> None:
    """Add a group of files (``row``: status, voided, n, waiting) to :func:`status_counts`' numbers."""
    if row["voided"]:
        counts["voided"] += row["n"]
    else:
        counts[row["status"]] = counts.get(row["status"], 0) + row["n"]
        counts["to_confirm"] += row["waiting"]


def _bool(q: Q) -> ExpressionWrapper:
    return ExpressionWrapper(q, output_field=BooleanField())


def status_counts(qs) -> dict:
    """Files by status, and how many wait for their unit to be confirmed; the files marked 作废 are counted
    apart (``voided``), in none of the others.  One query (the 上级审查 page asks :func:`file_counts`)."""
    counts = _no_counts()
    for row in qs.values("status", voided=_bool(Q(voided_at__isnull=False))).annotate(
            n=Count("id"), waiting=Count("id", filter=Q(match_state="pending"))):
        _count_into(counts, row)
    counts["total"] = counts["pending"] + counts["audited"] + counts["unreadable"]
    return counts


def file_counts(qs, year: int) -> dict:
    """What the 上级审查 page counts of the files ``qs`` for ``year``, in one query over the year's files and
    those not placed (no year or no unit) instead of four: ``year`` (:func:`status_counts` of the year's
    files), ``year_or_unknown`` (of the year's files and those of no year: the progress line), ``listed`` (the
    year's files not 作废: the files table's length) and ``unplaced`` (files not 作废 of no year or no unit)."""
    year_counts, either = _no_counts(), _no_counts()
    listed = unplaced = 0
    rows = qs.filter(Q(year=year) | Q(year__isnull=True) | Q(agency__isnull=True)).values(
        "status", voided=_bool(Q(voided_at__isnull=False)), this_year=_bool(Q(year=year)),
        no_year=_bool(Q(year__isnull=True)), no_unit=_bool(Q(agency__isnull=True))).annotate(
        n=Count("id"), waiting=Count("id", filter=Q(match_state="pending")))
    for row in rows:
        if row["this_year"]:
            _count_into(year_counts, row)
            listed += 0 if row["voided"] else row["n"]
        if row["this_year"] or row["no_year"]:
            _count_into(either, row)
        if (row["no_year"] or row["no_unit"]) and not row["voided"]:
            unplaced += row["n"]
    for counts in (year_counts, either):
        counts["total"] = counts["pending"] + counts["audited"] + counts["unreadable"]
    return {"year": year_counts, "year_or_unknown": either, "listed": listed, "unplaced": unplaced}


#: columns coverage() does not load (long texts and JSON; ``figures`` is read by YearView.indicators)
COVERAGE_DEFERRED = ("figures", "candidates", "read_error", "note", "title", "agency_text", "imported_by")
#: the columns coverage() loads of each of the year's reports (what its rows, the 上级审查 page's links and the
#: dashboard's charts read; another column would be read with a query per report)
COVERAGE_COLUMNS = ("id", "agency_id", "year", "status", "same_as_id", "published_on", "errors", "warnings",
                    "version")


def _units_in_scope(office: Agency | None, scope_ids=None):
    agencies = units(office)
    if scope_ids is not None and not isinstance(scope_ids, Q):
        agencies = agencies.filter(id__in=scope_ids)
    elif scope_ids is not None:
        agencies = agencies.filter(scope_ids)
    return agencies


def coverage(office: Agency | None, year: int, scope_ids=None) -> list[dict]:
    """One row per unit: published or not (a readable version of its report for ``year``), when, on time
    by 条例第四十九条.  An unreadable upload is not a publication; it is counted beside.  (The pages read it
    through :func:`year_view`, kept while the data does not change.)"""
    agencies = _units_in_scope(office, scope_ids)
    agency_list = list(agencies.order_by("id"))
    by_id = {a.id: a for a in agency_list}
    # two queries whatever the number of units: the units, and the year's reports with only the columns
    # the rows read (a province has thousands: each column is work per report on every page; the dashboard
    # reads the figures of the latest versions only: YearView.indicators)
    reports = (PublishedReport.objects.filter(year=year, agency__in=agencies, voided_at__isnull=True)
               .order_by("version", "imported_at", "id")
               .only(*COVERAGE_COLUMNS))
    by_agency: dict[int, list] = {}
    for r in reports:
        r.agency = by_id.get(r.agency_id)
        by_agency.setdefault(r.agency_id, []).append(r)
    now = today()
    rows = []
    for a in agency_list:
        due, basis = publication_due(year, a, by_id)
        mine = by_agency.get(a.id, [])
        readable = [r for r in mine if r.status == "audited"]
        versions = [r for r in readable if r.same_as_id is None]  # a file in another format is no version
        failed = sum(r.status == "unreadable" for r in mine)
        pending = sum(r.status == "pending" for r in mine)
        first = versions[0] if versions else None  # (in version order: renumber numbers by publication date)
        latest = versions[-1] if versions else None
        # the first publication's date: the earliest known among the readable files (version 1 is the earliest
        # published, its .pdf and .txt may say different days)
        first_on = min((r.published_on for r in readable if r.published_on is not None), default=None)
        not_yet = first is None and not a.owes_report(year)
        if not_yet:  # set up (or, without a 设立日期, taken onto the platform) after the year: nothing owed
            on_time = None
            state = a.not_owed_reason(year)
        elif due is None:  # a 乡镇 without a local date: the 条例 sets none, so neither on time nor late
            on_time = None
            state = "已发布（条例未规定期限）" if first is not None else "未发布（条例未规定期限）"
        elif first is not None and first_on is None:  # nobody said when: neither on time nor late
            on_time = None
            state = "已发布（发布日期未知）"
        elif first is not None:
            on_time = first_on <= due
            state = "按时发布" if on_time else "逾期发布"
        else:
            on_time = None
            state = "未发布（已逾期）" if now > due else "未发布（未到期）"
        if first is None and pending:
            state += "，有文件待审核"
        rows.append({"agency": a, "due": due, "basis": basis, "published": first is not None, "first": first,
                     "first_published_on": first_on,
                     "overdue": first is None and due is not None and now > due and not not_yet,
                     "not_established": not_yet,
                     "latest": latest, "on_time": on_time, "state": state, "versions": len(versions),
                     "files": len(readable), "failed": failed, "pending": pending,
                     "errors": latest.errors if latest else None, "warnings": latest.warnings if latest else None})
    return rows


#: what the coverage table can be narrowed to (the 发布情况 column's states, grouped)
COVERAGE_FILTERS = {
    "unpublished": ("未发布", lambda row: not row["published"] and not row["not_established"]),
    "overdue": ("未发布且已逾期", lambda row: row["overdue"]),
    "late": ("逾期发布", lambda row: row["published"] and row["on_time"] is False),
    "on_time": ("按时发布", lambda row: row["on_time"] is True),
    "date_unknown": ("已发布、发布日期未知", lambda row: row["published"] and row["first_published_on"] is None),
    "errors": ("有错误", lambda row: bool(row["errors"])),
    "pending": ("有文件待审核", lambda row: bool(row["pending"])),
    "failed": ("有无法读取的文件", lambda row: bool(row["failed"])),
}


def filter_coverage(rows: list[dict], *, query: str = "", kind: str = "", region: int | None = None,
                    state: str = "") -> list[dict]:
    """The coverage rows of the units whose name — or their superior's (the region: 某县, 某镇) — contains every
    word of ``query``, of level ``kind``, under the unit ``region`` (at any depth), in ``state``
    (a key of :data:`COVERAGE_FILTERS`); an empty criterion keeps every row."""
    words = (query or "").split()[:5]
    test = COVERAGE_FILTERS[state][1] if state in COVERAGE_FILTERS else None
    by_id = {row["agency"].id: row["agency"] for row in rows}

    def ancestors(a):
        seen = set()
        while a is not None and a.id not in seen:
            seen.add(a.id)
            yield a
            a = by_id.get(a.parent_id)

    out = []
    for row in rows:
        a = row["agency"]
        if kind and a.kind != kind:
            continue
        if region is not None and region not in {x.id for x in ancestors(a)}:
            continue
        if words:
            names = " ".join(x.name for x in ancestors(a))
            if not all(w in names for w in words):
                continue
        if test is not None and not test(row):
            continue
        out.append(row)
    return out


def coverage_regions(rows: list[dict]) -> list:
    """The units that have units below them in the table (the regions a supervisor narrows to), by name."""
    parents = {row["agency"].parent_id for row in rows}
    return sorted((row["agency"] for row in rows if row["agency"].id in parents), key=lambda a: a.name)


# ------------------------------------------------------------------ a year's coverage and indicators, kept
class YearView:
    """A year's coverage of an office's units (:func:`coverage`) with what the 上级审查 page and the dashboard
    derive from all of it — the count of units in each state, the regions to narrow to, the indicators of each
    unit's latest version — worked out once for a state of the data (:func:`year_view`).  Read-only: the
    pages narrow, sort and page copies of these lists."""

    def __init__(self, rows: list[dict]):
        self.rows = rows
        self.states: dict[str, int] = {}
        for row in rows:
            self.states[row["state"]] = self.states.get(row["state"], 0) + 1
        self.regions = coverage_regions(rows)
        self.latest = [row["latest"] for row in rows if row["latest"] is not None]
        self._indicators: dict[int, dict] | None = None

    def indicators(self) -> dict[int, dict]:
        """report id → its indicators (:func:`.indicators.compute`), for the latest version of each unit: their
        figures read in one query the first time."""
        if self._indicators is None:
            figures = dict(PublishedReport.objects.filter(pk__in=[r.pk for r in self.latest])
                           .values_list("pk", "figures"))
            self._indicators = {r.pk: indicators.compute(figures.get(r.pk) or {}) for r in self.latest}
        return self._indicators


#: year views kept by this process (a few offices' and years' pages open at once)
YEAR_VIEWS = 16
_year_views: OrderedDict = OrderedDict()
_year_views_lock = threading.Lock()


def forget_year_views() -> None:
    """Drop the year views this process keeps (tests compare the queries of a page computed afresh)."""
    with _year_views_lock:
        _year_views.clear()
        _scope_sqls.clear()


#: (office id, scope) → the SQL selecting the ids of the units in scope, per process (:func:`_scope_sql`)
_scope_sqls: OrderedDict = OrderedDict()


def _scope_sql(office: Agency | None, scope_ids) -> tuple[str, tuple]:
    """The SQL (and parameters) selecting the ids of ``office``'s units narrowed to ``scope_ids``, built once per
    office and scope: building the query (the office's subtree, the scope's filter) cost more of the CPU of
    :func:`year_view`'s two small queries than running them.  The SQL depends on the office's id and the
    scope's filter only (``str`` of a Q names its lookups and values, a subquery's SQL and parameters)."""
    key = (office.id if office is not None else None, str(scope_ids))
    with _year_views_lock:
        found = _scope_sqls.get(key)
    if found is None:
        sql, params = _units_in_scope(office, scope_ids).order_by().values("id").query.sql_with_params()
        found = (sql, tuple(params))
        with _year_views_lock:
            _scope_sqls[key] = found
            while len(_scope_sqls) > 4 * YEAR_VIEWS:
                _scope_sqls.popitem(last=False)
    return found


def year_view(office: Agency | None, year: int, scope_ids=None) -> YearView:
    """The :class:`YearView` of ``office``'s units (narrowed to ``scope_ids``) for ``year``, kept by this process
    under the version numbers of those units (:mod:`.versions`: database triggers change a unit's number at any
    write to its row or to one of its published reports), today's date and the local deadline setting: two
    small queries while nothing changed, instead of reading every unit and report of the year (a province's
    thousands) and computing each row.  The numbers are read before the data, so a change committed meanwhile
    is kept under the old numbers (and computed again at the next request), never the other way round."""
    sql, params = _scope_sql(office, scope_ids)
    numbers = versions.fingerprint(sql, params)
    if numbers is None:  # a database without the triggers: nothing is kept
        return YearView(coverage(office, year, scope_ids))
    key = (sql, tuple(params), year, today(), township_local_due(year), numbers)
    with _year_views_lock:  # one thread computes, the others wait for it and take its result
        view = _year_views.get(key)
        if view is None:
            view = YearView(coverage(office, year, scope_ids))
            _year_views[key] = view
            while len(_year_views) > YEAR_VIEWS:
                _year_views.popitem(last=False)
        else:
            _year_views.move_to_end(key)
        return view


#: the coverage legend (page, dashboard): where a unit's years start, what 发布日期未知 means
COVERAGE_LEGEND = ("发布情况从机关的设立日期所在年度算起；没有填写设立日期的，从加入本平台的上一年度算起（加入平台当年应当"
                   "公布的那一份年报），更早的年度不计为未发布或逾期——新设立的机关请在机关信息中填写设立日期。"
                   "发布日期未知（导入时没有指定，文件中也没有找到）的，只算已发布，不判断按时或逾期，可在报告页填写。")


# ------------------------------------------------------------------ export
def export_entries(qs) -> list[dict]:
    out = []
    for r in qs.select_related("agency", "same_as").prefetch_related("findings").order_by("year", "agency_id",
                                                                                          "version", "id"):
        out.append({
            "file": r.source_name, "sha256": r.sha256, "size": r.size,
            "imported_at": timezone.localtime(r.imported_at).isoformat(timespec="seconds"),
            "published_on": r.published_on.isoformat() if r.published_on else None,
            "agency": r.agency.name if r.agency else None, "agency_in_report": r.agency_text or None,
            "agency_match": r.match_state, "year": r.year, "status": r.status, "read_error": r.read_error or None,
            "version": r.version, "modified_after_publication": r.modified_after_publication,
            "same_publication_as": r.same_as.source_name if r.same_as_id else None,
            "other_names": list(r.other_names or []),
            "published_on_source": r.published_on_source or None,
            "errors": r.errors, "warnings": r.warnings, "notices": r.notices,
            "version_confirmed": r.version_pinned is not None,
            **({"voided": {"at": timezone.localtime(r.voided_at).isoformat(timespec="seconds"), "by": r.voided_by,
                           "reason": r.void_reason}} if r.voided_at is not None else {}),
            "findings": [{"code": f.code, "severity": f.severity, "message": f.message, "identity": f.identity,
                          "review": f.review, "comment": f.comment, "reviewed_by": f.reviewed_by or None,
                          "origin": f.origin, "evidence": f.evidence}
                         for f in r.findings.all() if f.active],
        })
    return out


#: what the exports say of the files whose year is not known (no year in the report, none given on import,
#: none in the file name): listed beside every year's files, never dropped
YEAR_UNKNOWN = "年度不明"
YEAR_UNKNOWN_NOTE = ("年度不明：报告中没有写明年度（或无法读取），导入时没有指定年度，文件名中也没有年份。这些文件不计入任何年度，"
                     "在每个年度的导出中单独列出，以免遗漏；请在报告页核对后重新导入时指定年度（--year 或网页表单的“年度”）。")


def export_json(qs, year: int | None, unknown=None, addresses=None) -> dict:
    """The export's JSON: ``reports`` the year's files; ``year_unknown`` (when ``unknown``, the files of no
    year, is given) those no year could be given to, each flagged ``"year_unknown": true``; ``voided`` the
    files marked 作废 among both (not counted anywhere else), with ``voided`` (at, by, reason);
    ``addresses_not_fetched`` (when ``addresses``, the office's ImportAddress rows, is given) the web addresses
    given for the year (or for no year) that gave no file — 抓取失败 with the reason, or still 待抓取 — so that
    the evaluation does not read a unit whose page could not be fetched as one that published nothing."""
    out = {"format": "gongkai-supervision/1", "tool": f"gongkai {__version__}", "year": year,
           "reports": export_entries(qs.filter(voided_at__isnull=True))}
    voided = export_entries(qs.filter(voided_at__isnull=False))
    if unknown is not None:
        out["year_unknown"] = [{**e, "year_unknown": True}
                               for e in export_entries(unknown.filter(voided_at__isnull=True))]
        out["year_unknown_note"] = YEAR_UNKNOWN_NOTE
        voided += export_entries(unknown.filter(voided_at__isnull=False))
    out["voided"] = voided
    if addresses is not None:
        out["addresses_not_fetched"] = [
            {"url": a.url, "status": {"failed": "failed", "pending": "pending"}[a.status], "reason": a.reason or None,
             "given_at": timezone.localtime(a.given_at).isoformat(timespec="seconds"),
             "last_attempt": timezone.localtime(a.fetched_at).isoformat(timespec="seconds") if a.fetched_at else None,
             "year_given": a.year_given}
            for a in addresses.filter(status__in=("failed", "pending")).filter(
                Q(year_given=year) | Q(year_given__isnull=True)).order_by("given_at", "id")]
    return out


def export_xlsx(stream, office: Agency | None, year: int, qs, scope_ids=None, unknown=None) -> None:
    """The year's evaluation: 发布情况 (coverage), 年报 (one row per file), 审核意见 (with review), and
    年度不明的文件 (``unknown``: the files of no year, so that nothing imported is missing from the file)."""
    book = XlsxBook()
    ws = book.add_sheet("发布情况")
    ws.append(["机关", "层级", "截止日期", "依据", "发布情况", "首次发布日期", "版本数", "无法读取的文件",
               "错误", "警告"])
    for row in coverage(office, year, scope_ids):
        ws.append([row["agency"].name, row["agency"].kind_label, row["due"], row["basis"], row["state"],
                   row["first_published_on"] or ("发布日期未知" if row["first"] else None), row["versions"],
                   row["failed"], row["errors"], row["warnings"]])
    ws2 = book.add_sheet("年报")
    header = ["文件", "机关", "年度", "版本", "发布后修改", "状态", "错误", "警告", "提示", "发布日期",
              "导入时间", "sha256", "无法读取的原因", "也以这些文件名导入（内容相同）", SAME_PUBLICATION_HEADER]
    ws2.append(header)
    entries = export_entries(qs.filter(voided_at__isnull=True))
    for e in entries:
        ws2.append(_file_row(e))
    ws3 = book.add_sheet("审核意见")
    ws3.append(["文件", "机关", "规则", "级别", "意见", "审查结论", "审查说明", "审查人"])
    for e in entries:
        for f in e["findings"]:
            ws3.append([e["file"], e["agency"] or "", f["code"],
                        {"error": "错误", "warning": "警告", "notice": "提示"}.get(f["severity"], f["severity"]),
                        f["message"], REVIEW.get(f["review"], f["review"]), f["comment"], f["reviewed_by"] or ""])
    voided = export_entries(qs.filter(voided_at__isnull=False))
    if unknown is not None:
        ws4 = book.add_sheet("年度不明的文件")
        ws4.append([YEAR_UNKNOWN_NOTE])
        ws4.append(header)
        for e in export_entries(unknown.filter(voided_at__isnull=True)):
            ws4.append(_file_row(e))
        voided += export_entries(unknown.filter(voided_at__isnull=False))
    ws5 = book.add_sheet("已作废的文件")
    ws5.append(["已作废的文件不是年报（或不属于本机关），不计入发布情况、指标和以上各表；保留原件、审核意见和审计日志。"])
    ws5.append([*header, "作废时间", "作废人", "作废理由"])
    for e in voided:
        ws5.append([*_file_row(e), e["voided"]["at"], e["voided"]["by"], e["voided"]["reason"]])
    book.save(stream)


#: the 年报 sheet's column naming the file a file is another format of (the web page's 另一格式, the JSON's
#: same_publication_as); such a file is that version, so its 发布后修改 is left to the version's own row
SAME_PUBLICATION_HEADER = "同一发布的另一格式（与该文件相同）"


def _file_row(e: dict) -> list:
    """One file's row of the 年报 sheet (and of 年度不明的文件)."""
    return [e["file"], e["agency"] or "（待确认）", e["year"] if e["year"] is not None else YEAR_UNKNOWN,
            e["version"], "是" if e["modified_after_publication"] and not e["same_publication_as"] else "",
            {"pending": "待审核", "audited": "已审核", "unreadable": "无法读取"}[e["status"]],
            e["errors"], e["warnings"], e["notices"],
            e["published_on"] or ("发布日期未知" if e["status"] == "audited" else None),
            e["imported_at"], e["sha256"], e["read_error"] or "", "、".join(e["other_names"]),
            e["same_publication_as"] or ""]


# ------------------------------------------------------------------ 整改 (条例第四十七条)
def issue_rectification(f: ReportFinding, due_on: dt.date, description: str, user):
    r = f.report
    if r.voided_at is not None:
        raise SupervisionError("该文件已作废（不是年报，或不属于本机关及下级机关），不能据此下发整改；如作废有误，请先恢复。")
    if r.agency_id is None or r.year is None:
        raise SupervisionError("请先确认该报告所属的机关和年度，再下发整改。")
    if r.agency.deactivated_on is not None:
        raise SupervisionError(f"{r.agency.name}已于 {r.agency.deactivated_on:%Y-%m-%d} 停用（撤销、合并），没有账户能报送整改情况："
                               "请向承接其职能的机关下发，或由系统管理员重新启用该机关。")
    if f.review == "dismissed" or not f.active:
        raise SupervisionError("已排除或已不再出现的审核意见不能下发整改。")
    if f.review != "confirmed":  # 待审查 / 依据已变: the supervisor decides first (审查结论“确认”), then 整改
        raise SupervisionError(f"该审核意见尚未确认（{f.review_label}）：请先在审查结论中选择“确认”，再下发整改。")
    if due_on < today():
        raise SupervisionError(f"整改期限 {due_on} 早于今天 {today()}，请核对。")
    description = (description or "").strip() or f.message  # the rule code is shown beside it, not in it
    if len(description) > 4000:
        raise SupervisionError("整改要求过长（上限 4000 字）。")
    with transaction.atomic():
        lock_units(r.agency_id)  # two identical requests at once: the second waits and finds the first's item
        if Rectification.objects.filter(finding=f, agency_id=r.agency_id, year=r.year, status="open").exists():
            raise SupervisionError("该审核意见已经下发过整改，尚未办结，不再重复下发（可在整改事项中查看）。")
        item = Rectification.objects.create(agency_id=r.agency_id, year=r.year, report=r, finding=f,
                                            description=description, due_on=due_on,
                                            issued_by=getattr(user, "display_name", None) or str(user))
    record(user, "supervision_rectify", item, new={"agency": r.agency.name, "due_on": due_on.isoformat(),
                                                   "description": description}, agency_id=r.agency_id)
    return item


def close_rectification(item, status: str, note: str, user) -> None:
    if status not in ("done", "cancelled"):
        raise SupervisionError("只能标记为“已整改”或“已撤销”。")
    if item.status != "open":
        raise SupervisionError("该整改事项已经办结。")
    item.status, item.closing_note, item.closed_at = status, (note or "").strip()[:4000], timezone.now()
    item.save(update_fields=["status", "closing_note", "closed_at"])
    record(user, "supervision_rectify_close", item, new={"status": status, "note": item.closing_note},
           agency_id=item.agency_id)


def respond_rectification(item, text: str, user):
    """The unit reports what it has done (经办人/审核人/签发人 of the unit); the supervisor then closes it.  A
    later 报送 (补充报送) is added after the earlier ones, which stay as they were said."""
    text = (text or "").strip()
    if not text:
        raise SupervisionError("请填写整改情况。")
    if len(text) > 4000:
        raise SupervisionError("整改情况过长（上限 4000 字）。")
    by = getattr(user, "display_name", None) or str(user)
    with transaction.atomic():
        item = Rectification.objects.select_for_update().get(pk=item.pk)  # two 报送 at once: both kept
        if item.status != "open":
            raise SupervisionError("该整改事项已经办结，不能再报送。")
        earlier = item.responses or ([{"text": item.response, "by": item.responded_by,
                                       "at": item.responded_at.isoformat() if item.responded_at else None}]
                                     if item.response else [])
        now = timezone.now()
        item.responses = [*earlier, {"text": text, "by": by, "at": now.isoformat()}]
        item.response, item.responded_at, item.responded_by = text, now, by
        item.save(update_fields=["response", "responded_by", "responded_at", "responses"])
    record(user, "supervision_rectify_response", item,
           new={"response": text, **({"supplement": len(earlier) + 1} if earlier else {})}, agency_id=item.agency_id)
    return item


def rectifications_to_answer(agency_id: int):
    """The unit's open 整改 items it has not answered yet (for its 待办), soonest due first."""
    return Rectification.objects.filter(status="open", agency_id=agency_id, responded_at__isnull=True).order_by(
        "due_on", "id")


def rectifications_to_close(user):
    """The open 整改 items a 上级审查员's units have answered, waiting to be closed (for its 待办)."""
    return Rectification.objects.filter(scope_filter(user, "agency_id"), status="open",
                                        responded_at__isnull=False).select_related("agency").order_by(
        "responded_at", "id")
