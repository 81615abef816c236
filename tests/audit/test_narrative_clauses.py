"""N01–N04 for all numbers and orders of the clauses after a stated figure (issue 11): "共收到申请N件，其中予以公开
a件，同比增加b件，较上年减少c件" — the finding follows the whole-year figure N alone.  No finding when N is what
the table says (or a reading the rule accepts); else one finding quoting N, an 错误 exactly when no reading of
table 三 is N (the trailing 其中/同比/较上年 clauses never narrow the figure before them, never add a claim)."""

from __future__ import annotations

from example_report import build_report, section_texts
from hypothesis import given, settings, strategies as st

from gongkai.audit.narrative import table_readings
from gongkai.audit.registry import run_rule

YEAR = 2023
#: rule → (the whole-year sentence with {n}, the 总计 rows whose sum it must equal, other sums it accepts)
CLAIMS = {
    "N01": ("2023年，本乡共收到政府信息公开申请{n}件", ("received",), [("received", "carried_over")]),
    "N02": ("2023年，上年度结转申请{n}件", ("carried_over",), []),
    "N03": ("2023年，本乡共答复政府信息公开申请{n}件", ("dispositions_total",), []),
    "N04": ("2023年，本乡有{n}件结转下年度继续办理", ("carried_forward",), []),
}
CLAUSES = ("其中予以公开{}件", "部分公开{}件", "同比增加{}件", "较上年减少{}件", "较上年持平", "其中网上申请{}件",
           "比上年增长{}%")


def _report(paragraph):
    texts = section_texts(YEAR)["一"]
    return build_report(year=YEAR, sections={"一": texts[:3] + [paragraph]})


def _total(rep, rows):
    return sum(rep.cells[("三", r, "total")].value for r in rows)


@settings(max_examples=150, deadline=None)
@given(code=st.sampled_from(sorted(CLAIMS)), n=st.integers(0, 50),
       clauses=st.lists(st.tuples(st.sampled_from(CLAUSES), st.integers(0, 50)), max_size=4),
       end=st.sampled_from(["。", "；", ""]))
def test_the_finding_follows_the_whole_year_figure_whatever_clauses_follow(code, n, clauses, end):
    sentence, rows, accepted = CLAIMS[code]
    text = "，".join([sentence.format(n=n)] + [c.format(x) for c, x in clauses]) + end
    rep = _report(text)
    found = run_rule(code, rep)
    expected_values = {_total(rep, rows)} | {_total(rep, alt) for alt in accepted}
    if n in expected_values:
        assert found == [], [f.message for f in found]
        return
    assert len(found) == 1, [f.message for f in found]
    f = found[0]
    assert f"（{n} 件）" in f.message and text.rstrip("。；") in f.message
    readings = table_readings(rep)
    assert f.severity == ("warning" if n in readings.values() else "error"), (f.severity, n, readings)


@settings(max_examples=60, deadline=None)
@given(code=st.sampled_from(sorted(CLAIMS)), n=st.integers(0, 50), x=st.integers(0, 50),
       qualifier=st.sampled_from(["其中区政府办", "本部门", "通过网络", "较上年", "2022年"]))
def test_a_qualifier_before_the_figure_keeps_it_a_warning(code, n, x, qualifier):
    """The same sentence narrowed before its figure (a part of the agency, a channel, another year): at most a
    warning, whatever follows."""
    sentence, _, _ = CLAIMS[code]
    text = sentence.replace("2023年，", f"2023年，{qualifier}").format(n=n) + f"，其中予以公开{x}件。"
    assert all(f.severity == "warning" for f in run_rule(code, _report(text)))
