"""Table 二 from the register: 第（一）项 from the 规章/行政规范性文件 lifecycle, （五）（六）（八） from
yearly figures with their source, and the 主动公开 sentence of section 一."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.publications import (FigureError, LifecycleError, NormativeDocument, YearlyFigure, amend,
                                  count_first_item, expire, fill_report, fill_table_2, issue, proactive_sentence,
                                  repeal, yuan_to_10k)
from gongkai.publications.annual import PLACEHOLDER_MARK
from gongkai.publications.workflow import approve, sign_off, submit
from gongkai.report import AnnualReport

from .helpers import AGENCY, CLERK_LI, REVIEWER_WANG, SIGNATORY_ZHANG, at, ready_item

D = dt.date


def doc(i, kind, issued, agency=AGENCY):
    return issue(id=f"D{i}", agency=agency, kind=kind, title=f"文件{i}", document_number=f"示政规〔{i}〕号",
                 issued_on=D.fromisoformat(issued))


def register_2024():
    """A hand-made register.  Reading it for 2024:
    规章: none.  行政规范性文件: D1 (2022, in force), D2 (2023, repealed 2024-06-30), D3 (2024-03-01, in force,
    amended 2024-09), D4 (2024-05-01, repealed 2024-12-31), D5 (2024-12-31, in force), D6 (2021, expired 2024-02-01),
    D7 (2025-01-02, not yet issued in 2024), D8 (other agency).
    → 本年制发 3 (D3, D4, D5); 本年废止 2 (D2, D4); 现行有效 3 (D1, D3, D5)."""
    return [
        doc(1, "normative_document", "2022-04-01"),
        repeal(doc(2, "normative_document", "2023-07-01"), D(2024, 6, 30)),
        amend(doc(3, "normative_document", "2024-03-01"), D(2024, 9, 10)),
        repeal(doc(4, "normative_document", "2024-05-01"), D(2024, 12, 31)),
        doc(5, "normative_document", "2024-12-31"),
        expire(doc(6, "normative_document", "2021-02-01"), D(2024, 2, 1)),
        doc(7, "normative_document", "2025-01-02"),
        doc(8, "normative_document", "2024-04-01", agency="别的机关"),
    ]


FIGURES_2024 = [
    YearlyFigure(AGENCY, 2024, "licensing", 37, "县政务服务中心审批系统导出（2025-01-06）", "小李"),
    YearlyFigure(AGENCY, 2024, "penalty", 5, "综合执法办案台账", "小李"),
    YearlyFigure(AGENCY, 2024, "coercion", 0, "综合执法办案台账", "小李"),
    YearlyFigure(AGENCY, 2024, "administrative_fees", yuan_to_10k(12500), "财政所收费台账（元）", "小李"),
]


def test_first_item_counts_issued_repealed_and_in_force_at_31_december():
    c = count_first_item(register_2024(), 2024, AGENCY)
    assert (c.value("normative_documents", "issued"), c.value("normative_documents", "repealed"),
            c.value("normative_documents", "in_force")) == (3, 2, 3)
    assert sorted(c.cells["normative_documents", "in_force"]) == ["D1", "D3", "D5"]
    assert c.expired["normative_documents"] == ["D6"]
    assert (c.value("rules", "issued"), c.value("rules", "repealed"), c.value("rules", "in_force")) == (0, 0, 0)


def test_fill_table_2_writes_every_cell_with_its_source():
    rep = AnnualReport(agency=AGENCY, year=2024)
    fill_table_2(rep, register_2024(), FIGURES_2024)
    assert [rep.value("二", "normative_documents", c) for c in ("issued", "repealed", "in_force")] == [3, 2, 3]
    assert [rep.value("二", "rules", c) for c in ("issued", "repealed", "in_force")] == [0, 0, 0]
    assert rep.value("二", "licensing", "decisions") == 37
    assert rep.value("二", "coercion", "decisions") == 0 and rep.cell("二", "coercion", "decisions").kind == "number"
    assert rep.value("二", "administrative_fees", "amount_10k_yuan") == Decimal("1.25")
    assert "审批系统导出" in rep.cell("二", "licensing", "decisions").location.where
    assert "二" in rep.tables_found


def test_figure_not_entered_stays_missing_with_a_note_never_zero():
    rep = AnnualReport(agency=AGENCY, year=2024)
    fill_table_2(rep, [], FIGURES_2024[:1])
    assert rep.cell("二", "penalty", "decisions").kind == "missing"
    assert any(n.code == "publications-figure-missing" and "行政处罚" in n.message for n in rep.notes)


def test_two_different_figures_for_one_cell_are_refused():
    rep = AnnualReport(agency=AGENCY, year=2024)
    figs = [*FIGURES_2024, YearlyFigure(AGENCY, 2024, "licensing", 40, "另一来源")]
    with pytest.raises(FigureError, match="两个不同的数"):
        fill_table_2(rep, [], figs)


@pytest.mark.parametrize("row,value,msg", [("penalty", -1, "负数"), ("licensing", 2.5, "整数"),
                                           ("administrative_fees", "abc", "不是数字"), ("procurement", 1, "没有")])
def test_bad_figures_are_refused_in_chinese(row, value, msg):
    with pytest.raises(FigureError, match=msg):
        YearlyFigure(AGENCY, 2024, row, value, "来源")


def test_figure_without_source_is_refused():
    with pytest.raises(FigureError, match="数据来源"):
        YearlyFigure(AGENCY, 2024, "licensing", 3, " ")


def test_lifecycle_contradictions_are_refused():
    d = doc(1, "rule", "2024-03-01")
    with pytest.raises(LifecycleError, match="早于制发日期"):
        repeal(d, D(2024, 2, 1))
    with pytest.raises(LifecycleError, match="不能再废止"):
        repeal(repeal(d, D(2024, 5, 1)), D(2024, 6, 1))
    with pytest.raises(LifecycleError, match="不能再修改"):
        amend(expire(d, D(2024, 5, 1)), D(2024, 6, 1))
    with pytest.raises(LifecycleError, match="规章或行政规范性文件"):
        NormativeDocument("x", AGENCY, "notice", "t", "n", D(2024, 1, 1))


def publish(p, day):
    p = approve(submit(p, actor=CLERK_LI, at=at(day, 9)), actor=REVIEWER_WANG, at=at(day, 10))
    return sign_off(p, actor=SIGNATORY_ZHANG, at=at(day, 11))


def test_proactive_sentence_counts_published_items_by_category():
    pubs = [publish(ready_item("P1", formed="2024-03-01", category="budgets"), "2024-03-05"),
            publish(ready_item("P2", formed="2024-03-01", category="budgets"), "2024-03-06"),
            publish(ready_item("P3", formed="2024-03-01", category="organisation"), "2024-03-06"),
            publish(ready_item("P4", formed="2023-12-20", category="organisation"), "2023-12-21"),
            submit(ready_item("P5", formed="2024-03-01"), actor=CLERK_LI, at=at("2024-03-02"))]
    s = proactive_sentence(pubs, register_2024(), 2024, agency=AGENCY)
    assert s.startswith("2024年，本机关主动公开政府信息3条，其中：机构职能1条，财政预决算2条。")
    assert "本年制发规章0件、行政规范性文件3件，废止规章0件、行政规范性文件2件" in s
    assert "现行有效规章0件、行政规范性文件3件" in s
    assert "全部信息均在条例第二十六条规定的20个工作日内公开" in s


def test_sentence_reports_items_published_after_20_working_days():
    # formed 2024-03-01 (Fri); 20 working days → 2024-03-29; published 2024-04-01 is late
    pubs = [publish(ready_item("P1", formed="2024-03-01"), "2024-04-01")]
    assert "其中1条超过条例第二十六条规定的20个工作日期限公开" in proactive_sentence(pubs, [], 2024)


def test_empty_register_is_a_marked_placeholder_not_a_claim_that_nothing_was_published():
    # an empty register shows only that nothing was registered, not that nothing was published
    s = proactive_sentence([], [], 2024)
    assert s.startswith(PLACEHOLDER_MARK) and "主动公开登记簿中没有2024年公开的信息" in s
    assert "未主动公开" not in s
    assert "本年制发规章0件" in s  # the 规章/规范性文件 counts (table 二 第（一）项) still follow


def test_no_placeholder_when_the_office_wrote_the_proactive_figures_itself():
    from gongkai.report import Location, SectionText
    rep = AnnualReport(agency=AGENCY, year=2024)
    rep.sections["一"] = SectionText("一", "一、总体情况", paragraphs=[
        ("（一）主动公开", Location()), ("2024年，本机关通过门户网站主动公开政府信息56条。", Location(source="本机关撰写"))])
    fill_report(rep, [], [], FIGURES_2024)
    texts = [t for t, _ in rep.sections["一"].paragraphs]
    assert not any(PLACEHOLDER_MARK in t for t in texts) and "2024年，本机关通过门户网站主动公开政府信息56条。" in texts
    assert any(t.startswith("本年制发规章0件") for t in texts)


def test_changing_the_register_changes_the_report():
    pubs = [publish(ready_item("P1", formed="2024-03-01"), "2024-03-05")]
    docs = register_2024()
    rep = fill_report(AnnualReport(agency=AGENCY, year=2024), pubs, docs, FIGURES_2024)
    para = [t for t, _ in rep.sections["一"].paragraphs]
    assert para[0] == "（一）主动公开" and "主动公开政府信息1条" in para[1]
    assert rep.value("二", "normative_documents", "repealed") == 2
    # one more item published, one more document repealed: both the table and the sentence follow
    pubs.append(publish(ready_item("P2", formed="2024-05-06", category="procurement"), "2024-05-07"))
    docs[0] = repeal(docs[0], D(2024, 11, 1))
    fill_report(rep, pubs, docs, FIGURES_2024)
    para = [t for t, _ in rep.sections["一"].paragraphs]
    assert len(para) == 2 and "主动公开政府信息2条" in para[1] and "政府集中采购1条" in para[1]
    assert [rep.value("二", "normative_documents", c) for c in ("issued", "repealed", "in_force")] == [3, 3, 2]


def test_sentence_goes_under_the_existing_subheading_of_section_one():
    from gongkai.report import Location, SectionText
    rep = AnnualReport(agency=AGENCY, year=2024)
    rep.sections["一"] = SectionText("一", "一、总体情况", paragraphs=[("（一）主动公开", Location()),
                                                                    ("（二）依申请公开", Location())])
    fill_report(rep, [], [], FIGURES_2024)
    texts = [t for t, _ in rep.sections["一"].paragraphs]
    assert texts[0] == "（一）主动公开" and texts[1].startswith(PLACEHOLDER_MARK) and texts[2] == "（二）依申请公开"


# ------------------------------------------------------------------ property: 现行有效 balances
@st.composite
def lifecycles(draw):
    """Random documents over 2019–2026: issued some day, maybe amended, maybe repealed (or expired) later."""
    n = draw(st.integers(0, 25))
    allow_expiry = draw(st.booleans())
    docs = []
    for i in range(n):
        issued = D(2019, 1, 1) + dt.timedelta(days=draw(st.integers(0, 8 * 365)))
        d = issue(id=f"D{i}", agency=AGENCY, kind=draw(st.sampled_from(["rule", "normative_document"])),
                  title=f"文件{i}", document_number=f"{i}号", issued_on=issued)
        if draw(st.booleans()):
            d = amend(d, issued + dt.timedelta(days=draw(st.integers(0, 400))))
        if draw(st.booleans()):
            end = max(d.amended_on or (issued,)) + dt.timedelta(days=draw(st.integers(0, 900)))
            d = expire(d, end) if allow_expiry and draw(st.booleans()) else repeal(d, end)
        docs.append(d)
    return docs


@settings(max_examples=150, deadline=None)
@given(lifecycles(), st.integers(2020, 2026))
def test_in_force_at_year_end_is_last_years_plus_issued_minus_repealed_never_negative(docs, year):
    this, last = count_first_item(docs, year), count_first_item(docs, year - 1)
    for row in ("rules", "normative_documents"):
        in_force = this.value(row, "in_force")
        expired = len(this.expired.get(row, []))
        assert in_force == (last.value(row, "in_force") + this.value(row, "issued")
                            - this.value(row, "repealed") - expired)
        assert in_force >= 0
        if not any(d.end_kind == "expired" for d in docs):
            assert in_force == last.value(row, "in_force") + this.value(row, "issued") - this.value(row, "repealed")
