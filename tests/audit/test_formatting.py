"""Format and wording rules (F-codes) and the reporting period (X02)."""

from example_report import build_report
from hypothesis import given
from hypothesis import strategies as st
from gongkai.audit.registry import run_rule
from gongkai.report import SectionText


def test_f01_2019_format_for_a_2023_report_is_an_error():
    found = run_rule("F01", build_report(year=2023, format_id="2019"))
    assert len(found) == 1 and found[0].severity == "error" and "2019年试行格式" in found[0].message


def test_f01_2019_format_for_2019_and_2020_reports_is_correct():
    assert run_rule("F01", build_report(year=2020, format_id="2019")) == []
    assert run_rule("F01", build_report(year=2019, format_id="2019")) == []
    assert run_rule("F01", build_report(year=2023)) == []


def test_f02_2021_format_for_a_2020_report_is_a_notice():
    found = run_rule("F02", build_report(year=2020))
    assert len(found) == 1 and found[0].severity == "notice"
    assert run_rule("F02", build_report(year=2021)) == []


def test_f03_altered_section_title_warns():
    rep = build_report()
    rep.sections["四"] = SectionText("四", "四、政府信息公开行政法复议、行政诉讼情况")  # 平潭 2022
    found = run_rule("F03", rep)
    assert len(found) == 1 and found[0].severity == "warning" and "行政法复议" in found[0].message
    assert run_rule("F03", build_report()) == []


def test_f03_section_five_variant_is_recognised_but_still_warned_in_a_2021_report():
    rep = build_report()
    rep.sections["五"].title = "五、存在问题及改进情况"
    assert len(run_rule("F03", rep)) == 1
    old = build_report(year=2019, format_id="2019")
    old.sections["五"].title = "五、政府信息公开工作存在的主要问题及改进情况"
    assert run_rule("F03", old) == []


def test_f03_ignores_spaces_and_bracket_width():
    rep = build_report()
    rep.sections["一"].title = "一、 总体 情况"
    assert run_rule("F03", rep) == []


def test_f04_title_year_differs_from_report_year():
    rep = build_report(year=2023)
    rep.title = "示例乡人民政府2022年政府信息公开工作年度报告"
    assert any("标题中的年份为2022年" in f.message for f in run_rule("F04", rep))


def test_f04_sentence_starting_with_a_stale_year_warns():
    rep = build_report(year=2022, sections={"六": ["2021年，无收取信息处理费情况。"]})
    found = run_rule("F04", rep)
    assert len(found) == 1 and "2021年" in found[0].message
    assert run_rule("F04", build_report(year=2022)) == []


def test_f04_next_years_plans_and_comparisons_are_fine():
    rep = build_report(year=2023, sections={"六": ["2024年，我们将继续推进工作。",
                                                   "2022年同比增长，本年未收取信息处理费。"]})
    assert run_rule("F04", rep) == []


def test_f05_document_number_with_square_brackets_is_quoted():
    rep = build_report(sections={"六": ["按照《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》"
                                         "（国办函【2020】109号）规定，本年度未收取信息处理费。"]})
    found = run_rule("F05", rep)
    assert len(found) == 1 and "“国办函【2020】109号”" in found[0].message and "国办函〔2020〕109号" in found[0].message
    assert found[0].evidence[0].section == "六"


def test_f05_correct_hexagonal_brackets_pass():
    rep = build_report(sections={"六": ["按照国办函〔2020〕109号规定，本年度未收取信息处理费。"]})
    assert run_rule("F05", rep) == []
    assert run_rule("F05", build_report()) == []


def test_f06_misspelled_format_name():
    rep = build_report(sections={"一": ["根据《中华人民共和国政府信息年度报告格式》要求编制。"]})
    found = run_rule("F06", rep)
    assert len(found) == 1 and "中华人民共和国政府信息公开工作年度报告格式" in found[0].message


def test_f06_misspelled_fee_name():
    rep = build_report(sections={"六": ["本年度没有产生息公开处理费。"]})
    found = run_rule("F06", rep)
    assert len(found) == 1 and "信息处理费" in found[0].hint


def test_f06_official_names_with_ascii_angle_brackets_pass():
    rep = build_report(sections={"一": ["《国务院办公厅政府信息与政务公开办公室关于印发<中华人民共和国政府信息公开工作年度报告格式>的通知》"]})
    assert run_rule("F06", rep) == []
    assert run_rule("F06", build_report()) == []


def test_x2_reporting_period_must_be_the_whole_report_year():
    rep = build_report(year=2024)
    rep.preamble[1] = ("本报告所列数据统计期限为2023年1月1日至2023年12月31日。", rep.preamble[1][1])
    found = run_rule("X02", rep)
    assert len(found) == 1 and found[0].severity == "warning" and "2024年1月1日" in found[0].message


def test_x2_accepts_spaces_and_an_end_date_without_year():
    rep = build_report(year=2019)
    rep.preamble[1] = ("本年度报告中所列数据统计期限从 2019 年 1 月 1 日到12月31日止。", rep.preamble[1][1])
    assert run_rule("X02", rep) == []
    assert run_rule("X02", build_report()) == []


def test_format_rules_take_the_years_from_the_formats(monkeypatch):
    from dataclasses import replace

    from gongkai.audit import formatting
    from gongkai.format import FORMAT_2019, FORMAT_2021
    assert formatting.FORMAT_2019.last_year + 1 == formatting.FORMAT_2021.first_year
    monkeypatch.setattr(formatting, "FORMAT_2019", replace(FORMAT_2019, last_year=2023))
    monkeypatch.setattr(formatting, "FORMAT_2021", replace(FORMAT_2021, first_year=2024))
    assert run_rule("F01", build_report(year=2023, format_id="2019")) == []
    assert run_rule("F01", build_report(year=2024, format_id="2019")) != []
    assert run_rule("F02", build_report(year=2023)) != []
    assert run_rule("F02", build_report(year=2024)) == []


# ---------------------------------------------------------------- F05's document numbers (cold start, issue 16)
# the pattern the rule used before: the agency's code as an ideograph range compiled with it
_DOC_NUMBER_WITH_CODE = (r"([\u4e00-\u9fff]{0,10})\s*([【\[［(（〈<｛{])\s*((?:19|20)\d{2})\s*([】\]］)）〉>｝}])"
                         r"\s*(\d+)\s*号")
_DOC_ALPHABET = "国办函发〔〕【】[]［］()（）〈〉<>｛｝{}号年的2019 0 1\u3000\t\nab一\u4dff\u9fff\ua000。，"


@given(st.lists(st.sampled_from(list(_DOC_ALPHABET) + ["2020", "2019", "1999", "国办函【2020】", "109号",
                                                       "国务院办公厅关于印发", "部署安排京政办发"]),
                max_size=40).map("".join))
def test_document_numbers_are_the_matches_of_the_pattern_with_the_agency_code(text):
    import re

    from gongkai.audit.formatting import doc_numbers
    expected = [(m.group(1), m.group(0)[len(m.group(1)):], m.groups()[1:])
                for m in re.finditer(_DOC_NUMBER_WITH_CODE, text)]
    assert [(code, m.group(0), m.groups()) for code, m in doc_numbers(text)] == expected


def test_document_numbers_keep_ten_ideographs_of_a_longer_code():
    from gongkai.audit.formatting import doc_numbers
    found = [(code, m.group(0)) for code, m in doc_numbers("甲乙丙丁戊己庚辛壬癸子 【2020】 3号；又【2021】4号")]
    assert found == [("乙丙丁戊己庚辛壬癸子", " 【2020】 3号"), ("又", "【2021】4号")]
