"""The annual report composed from plain records (gongkai.compose), without Django.

A county bureau's year: cases in every state of table 三, a 复议 and a lawsuit, the 主动公开 register, table 二
figures entered by the office with their source, and the office's own text.  The composed report is the
whole report — tables 二/三/四, the generated sentences and the text — and the auditor finds nothing in it."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.casework.counting import ReviewCase
from gongkai.casework.model import Requester
from gongkai.casework.workflow import new_request, step
from gongkai.compose import (Draft, Register, compose_report, data_sentences, figure_changes, figure_values,
                             figures_digest, findings, overview_figures, parse_table2, table2_fields)
from gongkai.publications import YearlyFigure, issue, repeal
from gongkai.workdays.calendar import WorkCalendar

D = dt.date
AGENCY = "示例县交通运输局"
REGISTER_NAME = {"rules": "规章和规范性文件登记", "normative_documents": "规章和规范性文件登记"}


def _request(i: int, received: dt.date, applicant: str = "natural_person"):
    return new_request(id=f"2024-{i:03d}", agency=AGENCY, requester=Requester("张三", applicant, "身份证 1101", "138"),
                       description="某项目批复文件", channel="in_person", received_on=received, form="纸质",
                       handler="李四")


def cases():
    """2024: six received (one carried over from 2023), five answered, two carried forward."""
    old = step(step(_request(0, D(2023, 12, 20)), "accept", D(2023, 12, 20)), "respond", D(2024, 1, 10),
               disposition="granted")
    granted = step(step(_request(1, D(2024, 3, 4)), "accept", D(2024, 3, 4)), "respond", D(2024, 3, 8),
                   disposition="granted")
    partial = step(step(_request(2, D(2024, 4, 1), "commercial_enterprise"), "accept", D(2024, 4, 1)), "respond",
                   D(2024, 4, 10), disposition="partially_granted")
    no_info = step(step(_request(3, D(2024, 5, 6), "legal_service_provider"), "accept", D(2024, 5, 6)), "respond",
                   D(2024, 5, 15), disposition="unavailable_not_held")
    withdrawn = step(_request(4, D(2024, 6, 3)), "withdraw", D(2024, 6, 4))
    open_ = step(_request(5, D(2024, 12, 23)), "accept", D(2024, 12, 23))
    late = _request(6, D(2024, 12, 30))
    return [old, granted, partial, no_info, withdrawn, open_, late]


def reviews():
    return [ReviewCase("复2024-1", AGENCY, "review", D(2024, 5, 1), "upheld", D(2024, 6, 20)),
            ReviewCase("诉2024-1", AGENCY, "lawsuit_direct", D(2024, 7, 1))]


def register():
    docs = [issue(id="D1", agency=AGENCY, kind="normative_document", title="办法一", document_number="示交规〔2024〕1号",
                  issued_on=D(2024, 3, 1)),
            repeal(issue(id="D2", agency=AGENCY, kind="normative_document", title="办法二",
                         document_number="示交规〔2022〕1号", issued_on=D(2022, 3, 1)), D(2024, 9, 1))]
    figures = [YearlyFigure(AGENCY, 2024, "licensing", 37, "县政务服务中心审批系统", "小李"),
               YearlyFigure(AGENCY, 2024, "penalty", 5, "综合执法办案台账", "小李")]
    return Register(publications=[], documents=docs, figures=figures)


def draft():
    entered, errors = parse_table2({"coercion:decisions": {"value": "0", "source": "综合执法办案台账"},
                                    "administrative_fees:amount_10k_yuan": {"value": "1.25", "source": "财政收费台账"}},
                                   REGISTER_NAME)
    assert errors == []
    text = {"一": "（一）主动公开\n本年度通过县政府门户网站主动公开交通运输领域信息。",
            "二": "本机关严格依照条例办理政府信息公开申请。",
            "三": "本年度规范性文件均按规定公开。",
            "四": "行政复议结果为维持。",
            "五": "存在的主要问题是公开内容不够全面。改进情况：本年度已逐项整改，明年将进一步细化公开目录。",
            "六": "本年度未收取信息处理费。"}
    return Draft(table2=entered, sections=text)


def compose():
    return compose_report(2024, agency=AGENCY, requests=cases(), reviews=reviews(), drafts=[draft()],
                          register=register(), calendar=WorkCalendar())


def test_a_year_of_records_composes_the_whole_report_and_the_audit_finds_nothing():
    rep = compose()
    assert rep.title == f"{AGENCY}2024年政府信息公开工作年度报告" and rep.year == 2024
    # table 三 and 四 counted from the records
    assert [rep.value("三", r, "total") for r in ("received", "carried_over", "dispositions_total",
                                                  "carried_forward")] == [6, 1, 5, 2]
    assert rep.value("四", "cases", "review_total") == 1 and rep.value("四", "cases", "lawsuit_direct_total") == 1
    # table 二: 第（一）项 from the register, （五）（六） from its figures, the rest as the office entered it
    assert [rep.value("二", "normative_documents", c) for c in ("issued", "repealed", "in_force")] == [1, 1, 1]
    assert rep.value("二", "licensing", "decisions") == 37 and rep.value("二", "coercion", "decisions") == 0
    assert rep.value("二", "administrative_fees", "amount_10k_yuan") == Decimal("1.25")
    assert "财政收费台账" in rep.cell("二", "administrative_fees", "amount_10k_yuan").location.where
    # the generated sentences come first, the office's text after them; the 主动公开 sentence from the register
    first = [t for t, _ in rep.sections["一"].paragraphs]
    assert first[0] == data_sentences(rep)["一"][0] and "收到政府信息公开申请6件" in first[0]
    assert any("本年制发规章0件、行政规范性文件1件" in t for t in first)
    assert "被申请行政复议1件，被提起行政诉讼1件" in rep.sections["四"].paragraphs[0][0]
    assert [f"{f.code} {f.message}" for f in findings(rep)] == []
    assert overview_figures(rep) == {"received": 6, "answered": 5, "forward": 2, "reviews": 2, "errors": 0,
                                     "warnings": 0}


def test_a_table_2_row_not_entered_is_said_as_such_not_as_a_missing_row():
    d = draft()
    d.table2.pop("coercion:decisions")
    rep = compose_report(2024, agency=AGENCY, requests=cases(), reviews=reviews(), drafts=[d], register=register())
    c03 = [f for f in findings(rep) if f.code == "C03"]
    assert [f.message for f in c03] == ["表二「行政强制」尚未填写。"]
    assert c03[0].severity == "error" and "填写前不能签核" in c03[0].hint


def test_a_summary_of_several_agencies_sums_their_figures_and_uses_no_units_text():
    other = Draft(table2={"coercion:decisions": {"value": "2", "source": "乙局台账"}}, sections={"五": "乙局的文字"})
    rep = compose_report(2024, agency="示例县（汇总）", requests=cases(), drafts=[draft(), other], several=True,
                         units=[AGENCY, "乙局"])
    assert rep.value("二", "coercion", "decisions") == 2
    assert rep.sections["一"].paragraphs[0][0].startswith("本报告汇总示例县及所属机关共2个单位的数字")
    assert all(loc.source != "本机关撰写" for sec in rep.sections.values() for _, loc in sec.paragraphs)


def test_an_entry_for_a_row_the_register_counts_is_refused_naming_the_register():
    clean, errors = parse_table2({"normative_documents:issued": {"value": "3", "source": "手工"}}, REGISTER_NAME)
    assert clean == {} and errors == ["表二「行政规范性文件」行「本年制发件数」列由规章和规范性文件登记统计，"
                                      "不能在年报中直接填写；请在规章和规范性文件登记中登记。"]
    keys = {k for k, *_ in table2_fields(REGISTER_NAME)}
    assert "normative_documents:issued" not in keys and "licensing:decisions" in keys


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=12))
def test_any_typed_entry_is_either_a_clean_figure_or_a_chinese_error_naming_the_cell(raw):
    clean, errors = parse_table2({"penalty:decisions": {"value": raw, "source": "台账"}})
    assert len(clean) + len(errors) <= 1
    if clean:
        assert int(clean["penalty:decisions"]["value"]) >= 0
    for e in errors:
        assert e.startswith("表二「行政处罚」行「本年处理决定数量」列")


def test_a_changed_figure_after_sign_off_is_named_by_its_labels():
    signed = compose()
    d = draft()
    d.table2["coercion:decisions"] = {"value": "4", "source": "综合执法办案台账"}
    now = compose_report(2024, agency=AGENCY, requests=cases(), reviews=reviews(), drafts=[d], register=register(),
                         calendar=WorkCalendar())
    assert figures_digest(signed) != figures_digest(now) and figures_digest(signed) == figures_digest(compose())
    assert figure_changes(signed, now) == ["表二「行政强制」行「本年处理决定数量」列：签发时 0，现在 4"]
    assert len(figure_values(now)) == len(now.cells)


def test_the_package_imports_no_django():
    code = ("import sys, gongkai.compose; "
            "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
