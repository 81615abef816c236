"""What evaluators score (E-codes, #12 item 6)."""

from example_report import build_report
from gongkai.audit.registry import audit, run_rule


def test_e01_a_peoples_government_must_report_assessment_review_and_accountability():
    rep = build_report(sections={"五": ["对政府信息公开工作的培训还不够，下一步将加强业务培训。"]})
    (f,) = run_rule("E01", rep)  # 示例乡人民政府: section 一 mentions 考核 only
    assert f.severity == "warning" and "社会评议、责任追究" in f.message and "第五十条第（四）项" in f.message
    assert "工作考核" not in f.message.split("应写明")[1]
    done = build_report(sections={"五": ["本年度开展工作考核，组织社会评议，未发生责任追究情况。"]})
    assert run_rule("E01", done) == []
    office = build_report()
    office.agency = "示例县人民政府办公室"
    office.title = "示例县人民政府办公室2023年政府信息公开工作年度报告"
    assert run_rule("E01", office) == []


def test_e02_section_five_empty_or_only_nothing():
    for text in (["无。"], ["暂无"], []):
        (f,) = run_rule("E02", build_report(sections={"五": text}))
        assert f.severity == "warning" and f.evidence[0].section == "五"
    assert run_rule("E02", build_report()) == []
    assert run_rule("E02", build_report(sections={"五": None})) == []  # missing: C01


def _long_text(year, variant=""):
    return [f"{year}年，本乡通过政府网站主动公开政府信息{120 + len(variant)}条。",
            "严格执行信息发布审核制度，确保信息公开内容准确。",
            "依托政府门户网站集中发布各类政府信息。",
            "将政务公开工作纳入年度绩效考核体系。",
            "定期组织业务培训，提升工作人员业务能力。",
            "进一步规范依申请公开办理流程，提升答复质量。",
            "加强政策解读，多渠道回应社会关切。",
            f"{year}年共收到政府信息公开申请6件，均依法答复。",
            variant or "持续推进基层政务公开标准化规范化建设。"]


def test_e03_more_than_half_copied_from_last_year():
    prev = build_report(year=2022, sections={"一": _long_text(2022)})
    cur = build_report(year=2023, sections={"一": _long_text(2023)})
    found = [f for f in audit(cur, previous=prev) if f.code == "E03"]
    assert len(found) == 1 and "与上一年度年报" in found[0].message and "%" in found[0].message
    assert run_rule("E03", cur) == []  # no --previous
    fresh = build_report(year=2023, sections={"一": [f"本年度第{i}项新举措：{'甲乙丙丁戊己庚辛'[i]}类工作全面展开。"
                                                     for i in range(8)]})
    assert [f for f in audit(fresh, previous=prev) if f.code == "E03"] == []
    wrong_year = build_report(year=2020, sections={"一": _long_text(2020)})
    assert [f for f in audit(cur, previous=wrong_year) if f.code == "E03"] == []
