"""A background task audits a chunk of reports (tasks.audit_many_task → services.audit_reports): a worker
stopped at any moment of it, and the message delivered again, leaves every report audited exactly once with the
findings of one audit; one report's failure in a chunk is that report's result, not the others'."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.web.supervision import services, tasks
from gongkai.web.supervision.models import PublishedReport, ReportFinding

from .conftest import batch_of, sample_text


class Killed(BaseException):
    """The worker process stopped (SIGKILL, power): not an error the task could catch and retry."""


def _chunk(unit, n: int, tag: str) -> list[int]:
    files = [(f"{tag}-{k}.txt", sample_text().encode() + b"\n" * (k + 1) + tag.encode()) for k in range(n)]
    return [i.report.pk for i in services.import_batch(batch_of(*files), office=unit.parent, by="t",
                                                       enqueue_audit=False)]


def _state(ids):
    rows = {r.pk: (r.status, r.errors, r.warnings, r.notices)
            for r in PublishedReport.objects.filter(pk__in=ids)}
    found = {pk: sorted(ReportFinding.objects.filter(report_id=pk, origin="audit").values_list("code", "identity"))
             for pk in ids}
    return rows, found


class _Rollback(Exception):
    pass


@pytest.fixture
def reference(unit):
    """What one uninterrupted task leaves on a chunk of three reports (statuses, counts, the audit's findings)."""
    ids = _chunk(unit, 3, "ref")
    services.audit_reports(ids)
    rows, found = _state(ids)
    return [rows[pk] for pk in ids], [found[pk] for pk in ids]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stop_at=st.integers(min_value=0, max_value=40), twice=st.booleans())
def test_a_worker_stopped_anywhere_in_a_chunk_and_the_message_again_audit_each_report_once(
        unit, reference, monkeypatch, stop_at, twice):
    """The task is stopped before its ``stop_at``-th database statement (or finishes, when it has fewer), then
    the same message (same sending time) is delivered again — ``twice``: once more after that.  Every report
    ends audited, with the counts and findings one audit gives (no finding twice, none lost), and a report the
    first delivery recorded is not audited again."""
    import django.db
    from django.db import transaction
    try:
        with transaction.atomic(), monkeypatch.context() as m:
            m.setattr(django.db, "close_old_connections", lambda: None)  # (the test's own transaction)
            _stopped_and_again(unit, reference, m, stop_at, twice)
            raise _Rollback  # (each example on the same database as the last)
    except _Rollback:
        pass


def _stopped_and_again(unit, reference, m, stop_at, twice):
    from django.db import transaction
    ids = _chunk(unit, 3, "chunk")
    sent = timezone.now().isoformat()
    seen = {"n": 0}

    def stop(execute, sql, params, many, context):
        seen["n"] += 1
        if seen["n"] > stop_at:
            raise Killed
        return execute(sql, params, many, context)

    try:
        with transaction.atomic():  # (the stopped worker's connection: its open transaction is rolled back)
            with connection.execute_wrapper(stop):
                tasks.audit_many_task.apply(args=[ids, sent], throw=True)
        stopped = False
    except Killed:
        stopped = True
    first = dict(PublishedReport.objects.filter(pk__in=ids).values_list("pk", "audited_at"))
    left = [pk for pk in ids if first[pk] is None]  # what the stopped worker did not record
    assert stopped or not left  # (a task that finished recorded every report)
    audited = []
    real = services._audit_one
    m.setattr(services, "_audit_one", lambda r, indexes: audited.append(r.pk) or real(r, indexes))
    for _ in range(2 if twice else 1):
        tasks.audit_many_task.apply(args=[ids, sent], throw=True)
    assert audited == left  # each report audited once over all the deliveries
    rows, found = _state(ids)
    want_rows, want_found = reference
    assert [rows[pk] for pk in ids] == want_rows
    assert [found[pk] for pk in ids] == want_found
    platform = list(ReportFinding.objects.filter(report_id__in=ids, origin="platform")
                    .values_list("report_id", "identity"))
    assert len(platform) == len(set(platform))  # (S01 of the later versions: once each)


def test_one_report_failing_in_a_chunk_is_its_own_result(unit, monkeypatch):
    """In one chunk: a readable report, a file no reader can read, a reader's crash on a third and a stored file
    gone from the data folder — each gets its own result (audited / 无法读取 with the reason), none is left
    待审核, and the readable one is audited as it would be alone."""
    import django.db

    import gongkai.web.supervision.services as svc
    monkeypatch.setattr(django.db, "close_old_connections", lambda: None)  # (the test's own transaction)
    ids = [i.report.pk for i in services.import_batch(batch_of(
        ("iso-ok.txt", sample_text().encode() + b"\nok"), ("iso-crash.txt", sample_text().encode() + b"\ncrash")),
        office=unit.parent, by="t", enqueue_audit=False)]
    broken = services.import_batch(batch_of(("坏.pdf", b"%PDF-1.4 broken")), office=unit.parent, by="t",
                                   enqueue_audit=False)[0].report.pk
    gone = services.import_batch(batch_of(("丢失.txt", sample_text().encode() + b"\ngone")), office=unit.parent,
                                 by="t", enqueue_audit=False)[0].report
    from gongkai.web.supervision.intake import stored_path
    stored_path(gone.sha256).unlink()
    real = svc.read_report

    def crash_on_second(path):
        report = real(path)
        with open(path, "rb") as fh:
            if fh.read().endswith(b"crash"):
                raise RuntimeError("读取器的缺陷")
        return report
    monkeypatch.setattr(svc, "read_report", crash_on_second)
    chunk = [ids[0], broken, ids[1], gone.pk]
    assert tasks.audit_many_task.apply(args=[chunk], throw=True).get() == "4 audited"
    got = {r.pk: r for r in PublishedReport.objects.filter(pk__in=chunk)}
    assert got[ids[0]].status == "audited" and got[ids[0]].findings.exists()
    assert got[broken].status == "unreadable" and got[broken].read_error
    assert got[ids[1]].status == "unreadable" and "内部错误" in got[ids[1]].read_error \
        and "RuntimeError" in got[ids[1]].read_error
    assert got[gone.pk].status == "unreadable" and "不在数据文件夹中" in got[gone.pk].read_error
    alone = [services.import_batch(batch_of(("alone.txt", sample_text().encode() + b"\nso")), office=unit.parent,
                                   by="t", enqueue_audit=False)[0].report.pk]  # (as iso-ok.txt: audited alone)
    monkeypatch.setattr(svc, "read_report", real)
    services.audit_reports(alone)
    a = PublishedReport.objects.get(pk=alone[0])
    assert (got[ids[0]].errors, got[ids[0]].warnings, got[ids[0]].notices) == (a.errors, a.warnings, a.notices)


_text = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")  # (PostgreSQL stores no NUL)
_values = st.fixed_dictionaries({
    "title": st.text(_text, max_size=40), "errors": st.integers(0, 2**31 - 1),
    "figures": st.dictionaries(st.text(_text, max_size=8), st.one_of(st.none(), st.text(_text, max_size=8)),
                              max_size=4),
    "published_on": st.one_of(st.none(), st.dates()), "match_score": st.one_of(st.none(), st.floats(0, 100)),
    "modified_after_publication": st.booleans(), "with_unit": st.booleans()})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(_values, min_size=1, max_size=5))
def test_update_rows_writes_what_an_update_of_each_row_writes(unit, rows):
    """services.update_rows (one statement on PostgreSQL) leaves every row as QuerySet.update would, one by one —
    text, numbers, JSON, dates, NULLs, a foreign key."""
    from django.db import transaction
    fields = ["title", "errors", "figures", "published_on", "match_score", "modified_after_publication", "agency_id"]
    try:
        with transaction.atomic():
            a = _chunk(unit, len(rows), "upd-a")
            b = _chunk(unit, len(rows), "upd-b")
            values = [{**{k: v for k, v in r.items() if k != "with_unit"},
                       "agency_id": unit.pk if r["with_unit"] else None} for r in rows]
            services.update_rows(PublishedReport, list(zip(a, values)))
            for pk, v in zip(b, values):
                PublishedReport.objects.filter(pk=pk).update(**v)
            got = {r["id"]: r for r in PublishedReport.objects.filter(pk__in=a + b).values("id", *fields)}
            assert [{k: got[pk][k] for k in fields} for pk in a] == [{k: got[pk][k] for k in fields} for pk in b]
            raise _Rollback
    except _Rollback:
        pass


_text = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=30)  # (PostgreSQL's text: no NUL)
_json = st.recursive(st.none() | st.booleans() | st.integers(-10**6, 10**6) | _text,
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text, inner, max_size=3),
                     max_leaves=8)
_finding = st.fixed_dictionaries({
    "identity": st.text("abcdef0123456789", min_size=1, max_size=64), "code": _text.map(lambda t: t[:20]),
    "message": _text, "hint": _text, "evidence": st.lists(_json, max_size=3), "places": st.lists(_json, max_size=3),
    "evidence_digest": st.text("abcdef0123456789", max_size=64), "active": st.booleans(),
    "review": st.sampled_from(["open", "confirmed", "dismissed", "reopened"]), "comment": _text,
    "reviewed_at": st.none() | st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1),
                                            timezones=st.just(dt.timezone.utc)),
    "previous_review": st.none() | st.dictionaries(_text, _json, max_size=3)})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(_finding, min_size=1, max_size=6, unique_by=lambda r: r["identity"]))
def test_insert_findings_writes_what_bulk_create_writes(unit, rows):
    """services.insert_findings (COPY on PostgreSQL) stores every value as bulk_create does — text with tabs,
    backslashes and line breaks, JSON, NULLs, times — and the same identity twice on one report is refused."""
    from django.db import IntegrityError, transaction
    fields = ["identity", "code", "message", "hint", "evidence", "places", "evidence_digest", "active", "review",
              "comment", "reviewed_at", "previous_review", "origin", "severity", "reviewed_by"]
    try:
        with transaction.atomic():
            a, b = _chunk(unit, 2, "ins")
            services.insert_findings([ReportFinding(report_id=a, severity="error", **r) for r in rows])
            ReportFinding.objects.bulk_create([ReportFinding(report_id=b, severity="error", **r) for r in rows])
            got = [list(ReportFinding.objects.filter(report_id=pk).order_by("identity").values(*fields))
                   for pk in (a, b)]
            assert got[0] == got[1] and len(got[0]) == len(rows)
            raise _Rollback
    except _Rollback:
        pass
    with pytest.raises(IntegrityError), transaction.atomic():
        a, = _chunk(unit, 1, "ins-twice")
        services.insert_findings([ReportFinding(report_id=a, severity="error", **rows[0]),
                                  ReportFinding(report_id=a, severity="error", **rows[0])])


def test_a_reaudit_of_unchanged_files_rewrites_no_finding(unit, monkeypatch):
    """The findings a first audit inserts (stored as planned, without a JSON round trip) read back equal to
    what the next audit of the same files plans: nothing to update, nothing deactivated."""
    ids = _chunk(unit, 3, "again")
    services.audit_reports(ids)
    before = _state(ids)
    assert any(before[1].values())  # (the sample has findings)
    updated = []
    real = services.plan_findings

    def plan(*args, **kwargs):
        out = real(*args, **kwargs)
        updated.append((len(out[0]), len(out[1]), len(out[2])))
        return out
    monkeypatch.setattr(services, "plan_findings", plan)
    services.audit_reports(ids)
    assert updated == [(0, 0, 0)] * 3
    assert _state(ids) == before
