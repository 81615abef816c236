"""Narrative-versus-table rules (N-codes) and X01.

The example report's tables: 新收 6 (自然人 5, 商业企业 1), 上年结转 1, （七）总计 6, 结转下年度 1;
（一）3, （二）1, （三）4 项 1, （四）1 项 1; 表四 复议 1 维持, 直接起诉 1 维持.
"""

import re
from decimal import Decimal

from example_report import build_report, section_texts
from gongkai.audit import audit
from gongkai.audit.registry import run_rule
from gongkai.readers import read_report


def one(paragraph, cells=None, year=2023):
    texts = section_texts(year)["一"]
    return build_report(year=year, sections={"一": texts[:3] + [paragraph]}, cells=cells)


def test_n01_seed_sentence_contradicts_zero_table():
    zero = {("三", r, c): 0 for r in ("received", "carried_over", "granted", "partially_granted",
                                      "withheld_third_party_rights", "unavailable_not_held", "dispositions_total",
                                      "carried_forward")
            for c in ("natural_person", "commercial_enterprise", "total")}
    rep = build_report(sections={"一": ["（二）依申请公开", "2023年度阿北乡发生依申请公开情况1件。"]}, cells=zero)
    found = run_rule("N01", rep)
    assert len(found) == 1 and found[0].severity == "error"  # whole agency, whole year, no reading of the table fits
    assert found[0].message.startswith("表三「一、本年新收政府信息公开申请数量」总计列为 0，但正文第一部分称“")
    assert "2023年度阿北乡发生依申请公开情况1件" in found[0].message
    assert found[0].evidence[0].section == "一"
    assert any(getattr(e, "column", None) == "总计" for e in found[0].evidence)


def test_narrative_contradiction_is_an_error_only_when_certain():
    # the example's table 三: 新收 6, 上年结转 1, 办结 6, 结转下年度 1
    def sev(sentence, cells=None):
        return [f.severity for f in run_rule("N01", one(sentence, cells=cells))]
    assert sev("2023年，本乡共收到政府信息公开申请9件。") == ["error"]  # no reading is 9
    assert sev("全年共收到政府信息公开申请7件。") == []  # 新收+结转
    assert sev("全年共收到政府信息公开申请1件。") == ["warning"]  # equals 上年结转: a reading, not certain
    assert sev("其中区政府办收到申请9件。") == ["warning"]  # part of the agency
    assert sev("本部门收到政府信息公开申请9件。") == ["warning"]
    assert sev("通过网络平台收到申请9件。") == ["warning"]
    assert sev("2022年，本乡共收到政府信息公开申请9件。") == ["warning"]  # another year
    assert sev("全年收到申请较上年增加9件。") == ["warning"]  # a comparison
    assert sev("全年收到申请9件，同比增加3件。") == ["error"]  # the comparison follows the year's figure
    # a blank 总计 cell is unknown: never an error built on it
    assert sev("2023年，本乡共收到政府信息公开申请9件。", cells={("三", "carried_forward", "total"): ""}) == ["warning"]


def test_n01_tolerates_spaces_before_jian_and_chinese_numerals():
    assert len(run_rule("N01", one("2023 年，全乡共受理政府信息公开申请 9 件。"))) == 1
    assert len(run_rule("N01", one("全年共收到政府信息公开申请九件。"))) == 1
    assert run_rule("N01", one("全年共收到政府信息公开申请六件。")) == []


def test_n01_accepts_received_plus_carried_over_and_ignores_proactive_counts():
    assert run_rule("N01", one("全区收到政府信息公开申请7件。")) == []  # 6 new + 1 carried over
    assert run_rule("N01", one("主动公开政府信息10407条，受理群众咨询30次。")) == []
    assert run_rule("N01", build_report()) == []


def test_n02_carried_over():
    found = run_rule("N02", one("答复6件（含上年度结转申请3件）。"))
    assert len(found) == 1 and "「二、上年结转政府信息公开申请数量」" in found[0].message
    assert run_rule("N02", one("答复6件（含上年度结转申请1件）。")) == []


def test_n03_answered_against_dispositions_total():
    found = run_rule("N03", one("全年答复政府信息公开申请8件。"))
    assert len(found) == 1 and "（七）总计" in found[0].message
    assert run_rule("N03", one("及时依法依规办结6件。")) == []


def test_n03_vague_handled_accepts_received_or_total():
    assert run_rule("N03", one("全年办理政府信息公开申请7件。")) == []
    assert len(run_rule("N03", one("全年办理政府信息公开申请12件。"))) == 1


def test_n04_carried_forward():
    found = run_rule("N04", one("答复6件，另有3件申请按照《条例》顺延到下年度答复。"))
    assert len(found) == 1 and "「四、结转下年度继续办理」" in found[0].message
    assert run_rule("N04", one("1件结转下年度继续办理。")) == []


def test_n05_review_and_lawsuit_counts_and_results():
    found = run_rule("N05", one("政府信息公开行政复议3件，其中结果维持1件；政府信息公开行政诉讼1件，其中结果维持1件。"))
    assert len(found) == 1 and "行政复议" in found[0].message and "3 件" in found[0].message
    assert run_rule("N05", one("行政复议1件，其中结果维持1件；行政诉讼1件，结果维持1件。")) == []


def test_n05_lawsuits_are_the_sum_of_both_lawsuit_groups():
    rep = one("行政诉讼2件。", {("四", "cases", "lawsuit_after_review_upheld"): 1,
                               ("四", "cases", "lawsuit_after_review_total"): 1})
    assert run_rule("N05", rep) == []


def test_n05_no_review_claim_against_a_nonzero_table():
    found = run_rule("N05", one("本年度未发生政府信息公开行政复议、行政诉讼案件。"))
    assert len(found) == 2


def test_n06_all_upheld_claim_against_pending_cases():
    rep = one("信息公开类行政复议1件，诉讼1件，均获维持。",
              {("四", "cases", "review_upheld"): 0, ("四", "cases", "review_pending"): 1})
    found = run_rule("N06", rep)
    assert len(found) == 1 and "尚未审结 1 件" in found[0].message
    assert run_rule("N06", one("信息公开类行政复议1件，诉讼1件，均获维持。")) == []


def test_n06_all_closed_claim_against_pending_cases():
    rep = one("共有行政诉讼案件1件、行政复议案件1件，均已结案。",
              {("四", "cases", "lawsuit_direct_upheld"): 0, ("四", "cases", "lawsuit_direct_pending"): 1})
    assert len(run_rule("N06", rep)) == 1


def test_n07_outcome_counts():
    found = run_rule("N07", one("予以公开及部分公开3件，因本机关不掌握等原因无法提供2件。"))
    messages = " ".join(f.message for f in found)
    assert len(found) == 2 and "合计为 4" in messages and "（四）无法提供" in messages
    assert run_rule("N07", one("予以公开及部分公开4件，无法提供1件，不予公开1件。")) == []


def test_n08_percentage_not_matching_the_count():
    found = run_rule("N08", one("予以公开及部分公开4件，占80%。"))
    assert len(found) == 1 and "4÷6=66.67%" in found[0].message
    assert run_rule("N08", one("予以公开及部分公开4件，占66.7%。")) == []


def test_n08_percentages_that_do_not_add_up():
    text = "予以公开3件，占50%；部分公开1件，占16.7%；无法提供1件，占16.7%。"
    found = run_rule("N08", one(text))
    assert len(found) == 1 and "83.4%" in found[0].message
    ok = "予以公开3件，占50%；部分公开1件，占16.7%；无法提供1件，占16.7%；不予公开1件，占16.7%。"
    assert run_rule("N08", one(ok)) == []


def test_n09_fee_statements_contradict():
    rep = build_report(sections={"六": ["本年度没有产生信息处理费。", "全年收取政府信息公开信息处理费 3940 元。"]})
    assert len(run_rule("N09", rep)) == 1
    assert run_rule("N09", build_report()) == []


def test_n09_fee_equal_to_table_two_administrative_fees():
    rep = build_report(sections={"六": ["全年收取政府信息公开信息处理费3940元。"]},
                       cells={("二", "administrative_fees", "amount_10k_yuan"): Decimal("0.394")})
    found = run_rule("N09", rep)
    assert len(found) == 1 and "行政事业性收费" in found[0].message


def test_x1_fee_lapse_without_fee_statement_warns():
    lapse = {("三", "other_fee_not_paid", "natural_person"): 1, ("三", "other_fee_not_paid", "total"): 1,
             ("三", "granted", "natural_person"): 1, ("三", "granted", "total"): 2}
    rep = build_report(cells=lapse, sections={"六": ["无其他需要报告的事项。"]})
    found = run_rule("X01", rep)
    assert len(found) == 1 and found[0].severity == "warning"
    assert run_rule("X01", build_report(cells=lapse)) == []  # 六 says 未收取…信息处理费


def test_n10_applicant_types_against_the_received_row():
    found = run_rule("N10", one("全年收到政府信息公开申请9件，其中自然人申请8件、商业企业1件。"))
    assert len(found) == 1 and "自然人列为 5" in found[0].message and "（自然人 8 件）" in found[0].message
    assert found[0].evidence[0].section == "一"
    assert any(getattr(e, "column", None) == "自然人" for e in found[0].evidence)
    assert run_rule("N10", one("全年收到政府信息公开申请6件，其中自然人申请5件、商业企业1件。")) == []
    assert run_rule("N10", one("全年共受理申请6件，自然人提出5件，法人或其他组织提出1件。")) == []
    assert len(run_rule("N10", one("全年共受理申请6件，自然人提出5件，法人或其他组织提出3件。"))) == 1


def test_n10_ignores_answers_and_accepts_carried_over_counted_in():
    # after 答复 the numbers are about answers, not receipts
    assert run_rule("N10", one("全年收到申请6件，已答复自然人申请3件。")) == []
    # no receipt word: not a statement about applications received
    assert run_rule("N10", one("自然人申请的9件中，予以公开4件。")) == []
    # received + carried over, column by column (平潭 2022: "收到…75件，涉及自然人72件、商业企业3件")
    # (the example carries 1 over in the 自然人 column: 5 new + 1)
    assert run_rule("N10", one("全年收到申请7件，涉及自然人6件、商业企业1件。")) == []
    assert len(run_rule("N10", one("全年收到申请7件，涉及自然人7件。"))) == 1


def test_sentences_in_the_prose_of_sections_three_and_four_are_compared_too():
    texts = section_texts(2023)
    rep = build_report(sections={**texts, "三": ["本年度共收到政府信息公开申请9件。"], "四": ["本年度被申请行政复议5件。"]})
    assert len(run_rule("N01", rep)) == 1 and run_rule("N01", rep)[0].evidence[0].section == "三"
    assert any(f.evidence[0].section == "四" for f in run_rule("N05", rep))


def test_blank_cells_are_unknown_in_narrative_comparisons():
    # （四）无法提供: 1 项 (本机关不掌握) is 1 in the example; make 2 项 blank
    cells = {("三", "unavailable_needs_creation", "total"): ""}
    assert run_rule("N07", one("无法提供5件。", cells=cells)) == []  # 1 + blank could be 5
    found = run_rule("N07", one("无法提供0件。", cells=cells))  # but never less than the printed 1
    assert len(found) == 1 and "空白不是 0" in found[0].message
    # table 四 blank: a stated count cannot be contradicted by blanks, a printed count can
    rep = one("行政复议3件。", cells={("四", "cases", "review_total"): ""})
    assert run_rule("N05", rep) == []


def test_narrative_precision_carried_over_handled_each_and_next_year():
    # "办理上年度结转申请1件" is about 上年结转 (N02), not the total handled (N03)
    assert run_rule("N03", one("办理上年度结转申请1件。")) == []
    assert run_rule("N02", one("办理上年度结转申请1件。")) == []
    assert len(run_rule("N02", one("办理上年度结转申请2件。"))) == 1
    # "行政复议、行政诉讼各1件": 1 each (the example has 复议 1, 诉讼 1)
    assert run_rule("N05", one("本年度发生政府信息公开行政复议、行政诉讼各1件。")) == []
    found = run_rule("N05", one("本年度发生政府信息公开行政复议、行政诉讼各2件。"))
    assert len(found) == 2 and {f.message.startswith("表四「行政复议") for f in found} == {True, False}
    # "结转至2024年继续办理N件" is the carried-forward count (the example: 1)
    assert run_rule("N04", one("结转至2024年继续办理1件。")) == []
    found = run_rule("N04", one("结转至2024年继续办理3件。"))
    assert len(found) == 1 and "结转下年度" in found[0].message


def test_n11_all_answered_while_some_are_carried_forward():
    # the example carries 1 application forward
    found = run_rule("N11", one("2023年收到的政府信息公开申请均已按时办结。"))
    assert len(found) == 1 and found[0].severity == "error" and "结转下年度" in found[0].message
    assert [f.severity for f in run_rule("N11", one("其中本部门收到的申请均已办结。"))] == ["warning"]
    zero = {("三", "carried_forward", c): 0 for c in ("natural_person", "total")}
    zero[("三", "carried_over", "natural_person")] = 0
    zero[("三", "carried_over", "total")] = 0
    assert run_rule("N11", one("所有申请均已办理完成。", cells=zero)) == []
    assert run_rule("N11", one("所有申请均已办理完成。", cells={("三", "carried_forward", "total"): ""})) == []


def test_n05_certain_contradiction_is_an_error():
    # the example's table 四: 复议 1 (维持), 直接起诉 1 (维持), 复议后起诉 0
    (f,) = run_rule("N05", one("2023年，本乡发生政府信息公开行政复议5件。"))
    assert f.severity == "error" and "任何一种读法" in f.message
    (f,) = run_rule("N05", one("其中本部门涉及行政复议5件。"))
    assert f.severity == "warning"
    (f,) = run_rule("N05", one("2023年，本乡发生政府信息公开行政诉讼2件。"))  # 2 = 复议+诉讼: a reading
    assert f.severity == "warning"


def test_n03_outcome_breakdown_is_not_the_answered_total():
    # "所有办结的…申请中同意公开答复 N 件，部分公开答复 N 件…": each count is one outcome's, not all answered
    # (the example's 办结 is 6); the sentence as 2024_shanghai-kewei.md words it
    breakdown = ("所有办结的信息公开申请中同意公开答复3件，部分公开答复1件，不予公开答复1件，无法提供的1件，"
                 "不予处理0件，其他处理0件，转下一年度办理答复的有1件。")
    assert run_rule("N03", one(breakdown)) == []
    # a count of all answered is still compared
    assert len(run_rule("N03", one("所有申请均已办结，共答复9件。"))) == 1


def test_n03_shanghai_kewei_outcome_sentence_gives_no_warning(corpus):
    # read by eye: table 三 （七）总计 35 = 9 + 0 + 2 + 10 + 0 + 14; the section says "同意公开答复 9 件，部分公开答复
    # 0 件，不予公开答复 2 件，无法提供的 10 件，不予处理 0 件，其他处理 14 件，转下一年度办理答复的有 1 件"
    rep = read_report(corpus("markdown/2024_shanghai-kewei.md"))
    assert rep.value("三", "dispositions_total", "total") == 35
    assert [f for f in audit(rep) if f.code == "N03"] == []


def test_n01_ignores_counts_that_are_not_the_years_requests():
    # the example's table 三: 新收 6, 上年结转 1; table 四: 复议 1
    assert run_rule("N01", one("收到的申请中有2件为同一申请人的重复申请。")) == []  # a part of them
    assert run_rule("N01", one("全年收到行政复议申请0件。")) == []  # 复议, not disclosure requests
    assert run_rule("N01", one("全年收到涉及政府信息公开的行政复议申请1件。")) == []
    assert run_rule("N01", one("全年收到行政诉讼申请3件。")) == []
    assert [f.severity for f in run_rule("N01", one("2023年，本乡共收到政府信息公开申请9件。"))] == ["error"]


def test_n11_only_the_carried_over_requests_said_closed():
    # the example carries 1 application over and 1 forward: closing the carried-over ones says nothing of the rest
    assert run_rule("N11", one("上年结转的1件申请均已办结。")) == []
    assert run_rule("N11", one("2023年共收到政府信息公开申请6件，上年结转申请已全部办结。")) == []
    assert run_rule("N11", one("去年遗留的申请都已办结。")) == []
    # the clause about the year's requests is still checked
    found = run_rule("N11", one("上年结转申请1件，2023年收到的申请均已按时办结。"))
    assert [f.severity for f in found] == ["error"]


# ---------------------------------------------------------------- the claim patterns' words (cold start, issue 16)
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from gongkai.audit import narrative  # noqa: E402
from gongkai.audit._util import Sentence  # noqa: E402
from gongkai.report import Location  # noqa: E402

#: sentences about applications made of the claim patterns' words and their near misses, a gap, a number
#: (digits, Chinese numerals) and 件, and words again — the pieces every claim pattern is made of
_WORDS = sorted({w for words in narrative.CLAIM_WORDS.values() for w in words}
                | {"新收", "收到", "受理", "接收", "接到", "共收", "发生", "申请", "了", "上年度", "去年", "上一年", "下年度",
                   "2025年", "至", "到", "继续办理", "为", "系", "属", "及", "和", "、", "主动", "予以公开", "部分公开",
                   "不予公开", "无法提供", "不予处理", "其他处理", "答复", "办结", "办理", "完成", "作出", "结转", "顺延",
                   "转入", "延续", "遗留", "未办结", "办理完毕", "政府信息公开", "结", "转"})
_GAPS = st.sampled_from(["", "", " ", "，", "。", "；", "含", "（", "的", "共"])
_SEGMENT = st.tuples(st.lists(st.sampled_from(_WORDS), max_size=3).map("".join), _GAPS,
                     st.sampled_from(["3", "12", "0", "十二", "一", "两", "2024"]), st.sampled_from(["件", " 件", ""]),
                     _GAPS, st.lists(st.sampled_from(_WORDS), max_size=3).map("".join)).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_SEGMENT, min_size=1, max_size=3).map("".join), min_size=1, max_size=3))
def test_claim_patterns_match_only_where_their_words_are(texts):
    """Every match of a claim pattern holds one of its CLAIM_WORDS, so _claims skipping (and not compiling)
    the patterns when no sentence says one of them finds exactly what running them would."""
    sentences = [Sentence("一", t, Location()) for t in texts]
    for patterns, words in narrative.CLAIM_WORDS.items():
        for p in patterns:
            for t in texts:
                for m in re.finditer(p, t):
                    assert any(w in m.group(0) for w in words), (p, t, m.group(0))
        without = dict(narrative.CLAIM_WORDS)
        del without[patterns]
        found = [(c.value, c.sentence.text, c.end) for c in narrative._claims(sentences, patterns)]
        narrative.CLAIM_WORDS, saved = without, narrative.CLAIM_WORDS
        try:
            plain = [(c.value, c.sentence.text, c.end) for c in narrative._claims(sentences, patterns)]
        finally:
            narrative.CLAIM_WORDS = saved
        assert found == plain


def test_a_qualifier_after_the_stated_total_does_not_weaken_it():
    """"共收到申请9件，其中予以公开3件…": the 其中 clause speaks of a part of the 9, the 9 is still the whole
    agency's figure for the year — an 错误 as the same sentence without that clause (issue 11)."""
    def sev(sentence):
        return [f.severity for f in run_rule("N01", one(sentence))]
    assert sev("2023年，本乡共收到政府信息公开申请9件，上年结转1件，已办结6件。") == ["error"]
    assert sev("2023年，本乡共收到政府信息公开申请9件，上年结转1件，已办结6件，其中予以公开3件、部分公开1件。") == ["error"]
    # words before the figure still narrow it
    assert sev("其中区政府办收到申请9件，予以公开3件。") == ["warning"]
    assert sev("全年通过网络收到申请9件，其中予以公开3件。") == ["warning"]
