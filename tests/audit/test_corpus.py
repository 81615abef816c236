"""The auditor on real reports: the faults listed in shared/corpus/real/SOURCES.md and
shared/spec/common-errors.md (read by a person) are found, and consistent reports get no error."""

from gongkai.audit.registry import audit
from gongkai.readers import read_report


def codes(findings):
    return [f.code for f in findings]


def test_seed_abei_2023_narrative_says_one_application_table_says_zero(corpus):
    found = audit(read_report(corpus("seed/2023_hulin_abei_xiang.txt")))
    n01 = [f for f in found if f.code == "N01"]
    assert len(n01) == 1
    assert "总计列为 0" in n01[0].message and "2023年度阿北乡发生依申请公开情况1件" in n01[0].message
    assert any("国办函【2020】109号" in f.message for f in found if f.code == "F05")
    assert any("息公开处理费" in f.message for f in found if f.code == "F06")
    blank = [f for f in found if f.code == "C04"]
    assert blank and "行政复议" in blank[0].message  # E04: the five 行政复议 cells are empty
    # the whole 乡, the whole year, and no reading of table 三 (all 0) is 1: the contradiction is an 错误
    assert [f.code for f in found if f.severity == "error"] == ["N01"]


def test_shanghai_2019_narrative_faults_of_common_errors_e03_e14(corpus):
    found = audit(read_report(corpus("real/2019_shanghai-szfbgt.html")))
    text = "\n".join(f.message for f in found)
    assert "合计为 275" in text and "258" in text           # 予以公开及部分公开258件 vs 272 + 3
    assert "合计为 337" in text and "无法提供265件" in text   # （四）265+47+25
    assert "90.74%" in text                                  # E14
    assert sum(1 for f in found if f.code == "N06") == 2     # 均获维持 vs 2 复议 + 1 诉讼 pending
    assert "F01" not in codes(found)                         # 2019 format is right for 2019
    assert [f for f in found if f.severity == "error"] == []


def test_hongze_2023_table_four_totals_are_wrong(corpus):
    found = audit(read_report(corpus("real/2023_huaian-hongze-qu.txt")))
    errors = [f for f in found if f.severity == "error"]
    assert sorted(codes(errors)) == ["R401", "R403"]


def test_pingtan_2020_table_three_results_do_not_add_up(corpus):
    found = audit(read_report(corpus("real/2020_pingtan-zhqsyq.txt")))
    r33 = [f for f in found if f.code == "R303"]
    assert any("为 21" in f.message and "为 27" in f.message for f in r33)


def test_consistent_real_reports_get_no_error(corpus):
    for name in ("real/2024_huaian-shi.txt", "real/2021_pingtan-zhqsyq.txt", "real/2022_pingtan-zhqsyq.txt",
                 "real/2024_pingtan-zhqsyq.txt", "real/2024_huaian-hongze-qu.txt"):
        found = audit(read_report(corpus(name)))
        assert [f for f in found if f.severity == "error"] == [], name


def test_huaian_2024_narrative_agrees_with_tables(corpus):
    found = audit(read_report(corpus("real/2024_huaian-shi.txt")))
    assert [f for f in found if f.code.startswith("N")] == []
