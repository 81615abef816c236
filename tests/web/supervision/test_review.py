"""Step 3: findings stored with a stable identity (rule code + cells/sentence place, not the message);
the supervisor's decisions survive re-runs and are reopened when the evidence changed."""

from __future__ import annotations

from gongkai.audit.findings import CellEvidence, Finding, PassageEvidence
from gongkai.report import AnnualReport, Location
from gongkai.web.supervision import services
from gongkai.audit.identity import identities
from gongkai.web.supervision.models import ReportFinding

from .conftest import SAMPLE_AGENCY, batch_of


def cell(row, column, value, line=30):
    return CellEvidence("三", row, column, value, Location(source="/tmp/x/report.txt", line=line))


def findings(received="5", granted="3", passage="收到申请9件", message="表三合计不等"):
    return [Finding("R301", "error", message, [cell("一、本年新收政府信息公开申请数量", "总计", received),
                                              cell("（一）予以公开", "总计", granted, line=31)]),
            Finding("N01", "warning", "正文与表三不一致",
                    [PassageEvidence("一", passage, Location(source="/tmp/y/report.txt", line=11))])]


class FakeRun:
    def __init__(self, monkeypatch):
        self.findings = findings()
        monkeypatch.setattr(services, "_read_and_audit", self)

    def __call__(self, r):
        rep = AnnualReport(title=f"{SAMPLE_AGENCY}2024年政府信息公开工作年度报告", agency=SAMPLE_AGENCY, year=2024)
        return rep, list(self.findings)


def _by_code(r):
    return {f.code: f for f in ReportFinding.objects.filter(report=r, active=True)}


def test_identity_is_code_and_places_not_message():
    a = identities(findings(), "2021")
    b = identities(findings(message="另一种说法", received="6", passage="收到申请8件"), "2021")
    assert [i for i, _ in a] == [i for i, _ in b]
    assert a[0][1][0][:3] == ["cell", "三", "granted"] or a[0][1][1][:3] == ["cell", "三", "granted"]
    # the row label is turned into the format's row id; the file path is not part of the identity
    places = {tuple(p) for p in a[0][1]}
    assert ("cell", "三", "received", "total") in places
    # two findings of one rule about the same (no) place are told apart by order
    twice = identities([Finding("X01", "notice", "a"), Finding("X01", "notice", "b")], "2021")
    assert twice[0][0] != twice[1][0]


def test_decisions_survive_reruns_and_reopen_when_evidence_changes(unit, monkeypatch, world):
    run = FakeRun(monkeypatch)
    r = services.import_batch(batch_of(("a.txt", b"x")), office=unit.parent, by="t")[0].report
    f = _by_code(r)
    services.review_finding(f["R301"], "confirmed", "确属计算错误", world.supervisor)
    services.review_finding(f["N01"], "dismissed", "正文另有说明", world.supervisor)

    run.findings = findings(message="表三合计仍不等（措辞变了）")  # same places, same evidence
    services.audit_published(r.pk)
    f = _by_code(r)
    assert (f["R301"].review, f["R301"].comment) == ("confirmed", "确属计算错误")
    assert f["R301"].message == "表三合计仍不等（措辞变了）"
    assert (f["N01"].review, f["N01"].comment) == ("dismissed", "正文另有说明")
    assert ReportFinding.objects.filter(report=r).count() == 2

    run.findings = findings(received="6")  # the cells' values changed: R301 reopened, N01 untouched
    services.audit_published(r.pk)
    f = _by_code(r)
    assert f["R301"].review == "reopened"
    assert f["R301"].previous_review["review"] == "confirmed"
    assert f["R301"].previous_review["comment"] == "确属计算错误"
    assert f["N01"].review == "dismissed"

    run.findings = findings(received="6")[:1]  # N01 no longer found: kept, inactive, decision kept
    services.audit_published(r.pk)
    assert set(_by_code(r)) == {"R301"}
    assert ReportFinding.objects.get(report=r, code="N01").review == "dismissed"
    run.findings = findings(received="6")
    services.audit_published(r.pk)
    assert _by_code(r)["N01"].review == "dismissed"


def test_identity_of_a_renamed_rule_is_that_of_its_old_code():
    from gongkai.audit.registry import REDIRECTS
    for old, new in REDIRECTS.items():
        a = identities([Finding(old, "error", "a"), Finding(old, "error", "b")], "2021")
        b = identities([Finding(new, "error", "a"), Finding(new, "error", "b")], "2021")
        assert a == b, (old, new)


def test_a_review_made_under_an_old_code_survives_a_rerun_under_the_new_code(unit, monkeypatch, world):
    from dataclasses import replace
    run = FakeRun(monkeypatch)
    run.findings = [replace(findings()[0], code="R3-1"), findings()[1]]  # stored before the rename
    r = services.import_batch(batch_of(("a.txt", b"x")), office=unit.parent, by="t")[0].report
    services.review_finding(_by_code(r)["R3-1"], "confirmed", "确属计算错误", world.supervisor)
    run.findings = findings()  # the re-run reports R301
    services.audit_published(r.pk)
    f = _by_code(r)
    assert set(f) == {"R301", "N01"} and ReportFinding.objects.filter(report=r).count() == 2
    assert (f["R301"].review, f["R301"].comment) == ("confirmed", "确属计算错误")


def test_the_data_migration_gives_stored_findings_their_new_codes(unit, monkeypatch, world):
    import importlib

    from django.apps import apps
    migration = importlib.import_module("gongkai.web.supervision.migrations.0004_rule_codes")
    from gongkai.audit.registry import REDIRECTS
    assert migration.RENAMED == REDIRECTS
    FakeRun(monkeypatch)
    r = services.import_batch(batch_of(("a.txt", b"x")), office=unit.parent, by="t")[0].report
    ReportFinding.objects.filter(report=r, code="R301").update(code="R3-1")
    migration.forwards(apps, None)
    assert set(_by_code(r)) == {"R301", "N01"}


def test_new_version_inherits_decisions_with_unchanged_evidence(unit, monkeypatch, world):
    run = FakeRun(monkeypatch)
    r1 = services.import_batch(batch_of(("v1.txt", b"1")), office=unit.parent, by="t")[0].report
    f = _by_code(r1)
    services.review_finding(f["R301"], "confirmed", "错", world.supervisor)
    services.review_finding(f["N01"], "dismissed", "无误", world.supervisor)
    run.findings = findings(passage="收到申请7件")
    r2 = services.import_batch(batch_of(("v2.txt", b"2")), office=unit.parent, by="t")[0].report
    assert r2.version == 2 and r2.previous_id == r1.pk
    f2 = _by_code(r2)
    assert f2["R301"].review == "confirmed" and "沿用第1版" in f2["R301"].comment
    assert f2["N01"].review == "open"  # its sentence changed
    assert f2["S01"].origin == "platform"


def test_review_on_the_page(unit, monkeypatch, world, login):
    FakeRun(monkeypatch)
    r = services.import_batch(batch_of(("a.txt", b"x")), office=unit.parent, by="t")[0].report
    f = _by_code(r)["N01"]
    c = login(world.supervisor)
    resp = c.post(f"/supervision/findings/{f.pk}/review/", {"decision": "dismissed", "comment": ""}, follow=True)
    assert "请写明理由" in resp.content.decode()
    f.refresh_from_db()
    assert f.review == "open"
    c.post(f"/supervision/findings/{f.pk}/review/", {"decision": "dismissed", "comment": "正文已说明"})
    f.refresh_from_db()
    assert (f.review, f.comment, f.reviewed_by) == ("dismissed", "正文已说明", world.supervisor.display_name)
    page = c.get(f"/supervision/reports/{r.pk}/").content.decode()
    assert "正文已说明" in page and "排除" in page
    assert c.post(f"/supervision/findings/{f.pk}/review/", {"decision": "bogus"}, follow=True).status_code == 200


def test_a_new_version_audited_in_the_same_task_inherits_the_decisions_as_they_now_stand(unit, monkeypatch, world):
    """One task is one transaction, but a version inherits from the one before it as that one is left by this
    same task — as if they were audited one after the other: a decision whose evidence just changed in the
    earlier version (reopened) is neither carried over nor shown as an earlier decision."""
    run = FakeRun(monkeypatch)
    v1 = services.import_batch(batch_of(("a.txt", b"x")), office=unit.parent, by="t")[0].report
    f = _by_code(v1)
    services.review_finding(f["R301"], "confirmed", "确属计算错误", world.supervisor)
    services.review_finding(f["N01"], "dismissed", "正文另有说明", world.supervisor)
    run.findings = findings(received="6")  # R301's evidence changes, N01's does not
    v2 = services.import_batch(batch_of(("b.txt", b"y")), office=unit.parent, by="t", enqueue_audit=False)[0].report
    services.audit_reports([v1.pk, v2.pk])  # one task: the earlier version re-audited with the new one
    v2.refresh_from_db()
    assert (v2.version, v2.previous_id) == (2, v1.pk)
    old, new = _by_code(v1), _by_code(v2)
    assert old["R301"].review == "reopened" and old["N01"].review == "dismissed"
    assert (new["N01"].review, new["N01"].comment) == ("dismissed", "正文另有说明（沿用第1版的审查意见）")
    assert (new["R301"].review, new["R301"].previous_review) == ("open", None)
