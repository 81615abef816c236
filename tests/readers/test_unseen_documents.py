"""Reports in forms the corpus lacks, written by hand for these tests (tests/fixtures/unseen/, issue 11): a web
page with site chrome and a clock above the report, a report from before the national formats, text saved with
the wrong encoding (two ways), and a report numbering its own sections with the tables after the narrative.

Every expected value is what the fixture prints (the numbers were chosen when writing it), not the reader's output.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.audit import audit
from gongkai.readers import read_report
from gongkai.readers.base import ReadError

UNSEEN = Path(__file__).resolve().parents[1] / "fixtures" / "unseen"
COLS = ("natural_person", "commercial_enterprise", "research_institution", "public_interest_org",
        "legal_service_provider", "other_org", "total")
REVIEW = [f"{g}_{r}" for g in ("review", "lawsuit_direct", "lawsuit_after_review")
          for r in ("upheld", "corrected", "other_result", "pending", "total")]
#: table 三 as the two 2025 fixtures print it (rows not listed are all 0)
TABLE3 = {"received": [12, 2, 0, 0, 1, 0, 15], "carried_over": [1, 0, 0, 0, 0, 0, 1],
          "granted": [5, 1, 0, 0, 0, 0, 6], "partially_granted": [2, 0, 0, 0, 1, 0, 3],
          "withheld_third_party_rights": [1, 0, 0, 0, 0, 0, 1], "unavailable_not_held": [3, 1, 0, 0, 0, 0, 4],
          "not_processed_duplicate": [1, 0, 0, 0, 0, 0, 1], "dispositions_total": [12, 2, 0, 0, 1, 0, 15],
          "carried_forward": [1, 0, 0, 0, 0, 0, 1]}
TABLE4 = [1, 0, 0, 1, 2, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]


def assert_tables(rep):
    for row in rep.format.table("三").printed_rows:
        assert [rep.value("三", row.id, c) for c in COLS] == TABLE3.get(row.id, [0] * 7), row.label
    assert [rep.value("四", "cases", c) for c in REVIEW] == TABLE4
    assert [rep.value("二", "normative_documents", c) for c in ("issued", "repealed", "in_force")] == [3, 1, 20]
    assert rep.value("二", "licensing", "decisions") == 156
    assert rep.value("二", "penalty", "decisions") == 48
    assert rep.value("二", "coercion", "decisions") == 2
    assert rep.value("二", "administrative_fees", "amount_10k_yuan") == Decimal("1.25")


def test_a_web_page_with_a_clock_and_a_navigation_bar_above_the_report():
    # the page's header says "今天是：2026年12月06日" and links a "2019年度政务公开专题": neither is the report's
    rep = read_report(UNSEEN / "2025_site_chrome_with_clock.html")
    assert (rep.year, rep.format_id) == (2025, "2021")
    assert rep.title == "测试市示例局2025年政府信息公开工作年度报告"
    assert rep.agency == "测试市示例局"
    assert_tables(rep)
    # consistent tables and a narrative that agrees (收到 15、上年结转 1、办结 15、结转 1、复议 2、诉讼 1)
    assert audit(rep) == []


def test_a_report_from_before_the_national_formats_is_said_so_and_nothing_is_mapped():
    # 2017: the old six parts (概述 … 收费及减免 …), and a sentence "全年受理审批事项236件" that must not become cells
    rep = read_report(UNSEEN / "2017_pre2019_format.txt")
    assert rep.year == 2017 and rep.predates_formats
    assert rep.title == "测试县示例局2017年政府信息公开工作年度报告"
    assert not rep.tables_found
    assert all(cell.kind == "missing" for *_, cell in rep.iter_cells())
    assert [f.code for f in audit(rep)] == ["F07"]


@pytest.mark.parametrize("name, says", [
    ("2024_utf8_read_as_gbk.txt", "替换符号"),        # UTF-8 opened as GBK and saved again: "娴嬭瘯鍖…"
    ("2024_gbk_read_as_latin1.txt", "西文乱码"),     # GBK opened as Latin-1 and saved again: "²âÊÔÇø…"
])
def test_text_saved_with_the_wrong_encoding_is_diagnosed_as_such(name, says):
    with pytest.raises(ReadError) as e:
        read_report(UNSEEN / name)
    assert "编码可能有误" in str(e.value) and says in str(e.value)
    assert "Traceback" not in str(e.value)


def test_own_section_numbering_with_the_tables_after_the_narrative():
    # 一 总体情况, 二 存在的主要问题…, 三 其他需要报告的事项, then 附表: 一 主动公开…, 二 收到和处理…, 三 复议诉讼
    rep = read_report(UNSEEN / "2025_own_section_numbering.txt")
    assert rep.year == 2025
    assert_tables(rep)
    assert {n: rep.sections[n].title[0] for n in rep.sections} == {
        "一": "一", "五": "二", "六": "三", "二": "一", "三": "二", "四": "三"}
    # section 六 ends where the appendix's first table begins (no table line taken for its narrative, P09)
    assert [t for t, _ in rep.sections["六"].paragraphs] == ["本年度未收取信息处理费。", "附表"]
    findings = audit(rep)
    codes = {f.code for f in findings}
    # the numbering differs from the format's: a format warning for each of the five renumbered sections
    assert sorted(f.message[:3] for f in findings if f.code == "F03") == [
        "第三部", "第二部", "第五部", "第六部", "第四部"]
    assert not codes & {"P03", "P05", "P07", "P09", "C01", "C02", "C08"}
    assert not [f for f in findings if f.severity == "error"]


def test_a_sentence_naming_a_table_section_after_the_narrative_is_no_heading():
    # a paragraph of section 六 starting like a table section's title (longer than a heading line) stays text;
    # "五、其他需要报告的事项" in a report without a 第五部分 of its own is section 六
    from gongkai.readers.mapping import map_document
    from gongkai.readers.text import read_text
    text = ("测试县示例局2025年政府信息公开工作年度报告\n一、总体情况\n本局认真贯彻条例。\n"
            "五、其他需要报告的事项\n"
            "二、收到和处理政府信息公开申请情况方面，本年度全部按期答复，答复文书均经法制审核，未发生因答复引起的纠纷。\n")
    rep = map_document(read_text(text, "t.txt"))
    assert {n: s.title for n, s in rep.sections.items()} == {"一": "一、总体情况", "六": "五、其他需要报告的事项"}
    assert len(rep.sections["六"].paragraphs) == 1 and rep.sections["六"].paragraphs[0][0].startswith("二、收到和处理")
