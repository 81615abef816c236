"""Y01: the report given with --previous must be the same agency's report for the year before."""

from __future__ import annotations

from gongkai.audit import audit
from gongkai.readers import read_report


def y01(findings):
    return [f for f in findings if f.code == "Y01"]


def test_previous_report_of_the_year_before_and_same_agency_passes(corpus):
    cur = read_report(corpus("real/2024_huaian-hongze-qu.txt"))
    prev = read_report(corpus("real/2023_huaian-hongze-qu.txt"))
    findings = audit(cur, previous=prev)
    assert not y01(findings)
    # 2023 结转下年度 0 = 2024 上年结转 0; 行政规范性文件 in force 5 + 3 issued − 0 repealed = 8
    assert not [f for f in findings if f.code in ("R305", "R202", "R203")]


def test_previous_report_three_years_back_is_not_compared(corpus):
    cur = read_report(corpus("real/2024_pingtan-zhqsyq.txt"))
    prev = read_report(corpus("real/2021_pingtan-zhqsyq.txt"))
    found = y01(audit(cur, previous=prev))
    assert len(found) == 1 and "2021" in found[0].message and "2024" in found[0].message


def test_previous_report_of_another_agency_is_flagged(corpus):
    cur = read_report(corpus("real/2024_huaian-hongze-qu.txt"))
    prev = read_report(corpus("real/2023_huaian-hongze-qu.txt"))
    prev.agency = "平潭综合实验区"
    found = y01(audit(cur, previous=prev))
    assert found and "不是同一机关" in found[0].message


def test_cross_year_evidence_names_the_previous_file(corpus):
    cur = read_report(corpus("real/2024_huaian-hongze-qu.txt"))
    prev = read_report(corpus("real/2023_huaian-hongze-qu.txt"))
    cur.cells[("三", "carried_over", "total")].value = 5  # last year carried 0 forward
    r35 = [f for f in audit(cur, previous=prev) if f.code == "R305"]
    assert r35
    assert any("2023_huaian-hongze-qu.txt" in e.describe() for e in r35[0].evidence)
