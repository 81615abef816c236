"""Tester 6 (task S), medium: a new version inherits the earlier version's decisions "where the evidence is
unchanged" — but a narrative finding's identity holds its sentence's line, so one line added near the top of
the new version reopened every decision below it.  A sentence that only moved keeps its decision."""

from __future__ import annotations

import datetime as dt

from gongkai.web.supervision import services

from .conftest import batch_of, sample_text


def _import(name, text, world, day):
    return services.import_batch(batch_of((name, text.encode())), office=world.county, by="t", year=2023,
                                 published_on=day)[0].report


def _narrative(r):
    return [f for f in r.findings.filter(origin="audit", active=True).order_by("id")
            if f.places and all(p[0] == "passage" for p in f.places)]


def test_a_line_added_above_a_sentence_keeps_the_decision_on_it(world, unit):
    text = sample_text()
    v1 = _import("清河镇年报.txt", text, world, dt.date(2024, 1, 20))
    mine = _narrative(v1)
    assert mine, "the sample has findings about its sentences"
    for i, f in enumerate(mine):
        services.review_finding(f, "confirmed" if i % 2 else "dismissed", f"结论{i}", world.supervisor)
    # the new version: one sentence added at the start of 一 — every sentence below moves one line down
    head, sep, rest = text.partition("一、")
    assert sep
    first_line_end = rest.index("\n") + 1
    v2_text = head + sep + rest[:first_line_end] + "本报告发布后补充了一句说明。\n" + rest[first_line_end:]
    v2 = _import("清河镇年报-更正.txt", v2_text, world, dt.date(2024, 2, 1))
    v2.refresh_from_db()
    assert (v2.version, v2.previous_id) == (2, v1.pk)
    by_content = {(f.code, f.evidence_digest): f for f in _narrative(v2)}
    moved = 0
    for i, f in enumerate(mine):
        g = by_content.get((f.code, f.evidence_digest))
        if g is None:
            continue  # (a finding the added sentence changed)
        moved += g.identity != f.identity
        assert g.review == f.review and g.comment == f"结论{i}（沿用第1版的审查意见）", (f.code, g.review)
    assert moved, "the added line moved sentences (their identities changed)"


def test_two_findings_of_one_rule_about_the_same_words_take_the_decisions_in_order():
    """The fallback by content pairs several findings with the same key in their order."""
    class F:
        def __init__(self, pk, review):
            self.pk, self.code, self.places, self.evidence_digest, self.review = (
                pk, "N01", [["passage", "三", 10 + pk, "", None]], "d", review)
    olds = services._by_content([F(2, "dismissed"), F(1, "confirmed")])
    key = services._content_key("N01", [["passage", "三", 99, "", None]], "d")
    assert [o.review for o in olds[key]] == ["confirmed", "dismissed"]
    assert services._content_key("R301", [["cell", "三", "r", "c"]], "d") is None  # cells do not move


def test_decisions_made_on_version_1_after_version_2_arrived_reach_it_at_the_next_audit(world, unit, capsys):
    """Tester 6: version 2 audited before anyone reviewed version 1; the supervisor then decides on version 1,
    and ``audit --all`` carries those decisions to version 2's findings nobody has decided — never over a
    decision made on version 2 itself."""
    from gongkai.cli import main as cli_main

    text = sample_text()
    v1 = _import("清河镇年报.txt", text, world, dt.date(2024, 1, 20))
    v2 = _import("清河镇年报-更正.txt", text.replace("六、其他需要报告的事项", "六、其他需要报告的事项\n更正。", 1),
                 world, dt.date(2024, 2, 1))
    v2.refresh_from_db()
    assert v2.previous_id == v1.pk
    first = {f.identity: f for f in v1.findings.filter(origin="audit", active=True)}
    second = {f.identity: f for f in v2.findings.filter(origin="audit", active=True)}
    shared = sorted(set(first) & set(second))
    assert len(shared) >= 2
    a, b = shared[0], shared[1]
    services.review_finding(first[a], "confirmed", "属实", world.supervisor)
    services.review_finding(first[b], "dismissed", "不成立", world.supervisor)
    services.review_finding(second[b], "confirmed", "第2版另有结论", world.supervisor)  # decided on v2 itself
    assert cli_main(["supervise", "audit", "--all", "--year", "2023", "--office", world.county.name]) == 0
    after = {f.identity: f for f in v2.findings.filter(origin="audit", active=True)}
    assert (after[a].review, after[a].comment) == ("confirmed", "属实（沿用第1版的审查意见）")
    assert (after[b].review, after[b].comment) == ("confirmed", "第2版另有结论")
    # a finding set back to 待审查 by hand stays so
    services.review_finding(after[a], "open", "", world.supervisor)
    services.audit_published(v2.pk)
    assert v2.findings.get(identity=a).review == "open"
