"""F09: a date the text prints that does not exist ("2023年2月30日", "13月1日") is a warning quoting the sentence;
every date that exists is not (a hypothesis law over all year/month/day triples)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, strategies as st

from gongkai.audit import audit
from gongkai.audit.formatting import _no_such_date
from gongkai.cli import sample_path
from gongkai.readers import read_report

SENTENCE = "2023年全年共收到政府信息公开申请13件"


def _audit_saying(tmp_path, sentence: str):
    text = sample_path().read_text(encoding="utf-8")
    assert SENTENCE in text
    path = tmp_path / "报告.txt"
    path.write_text(text.replace(SENTENCE, sentence + "，全年共收到政府信息公开申请13件", 1), encoding="utf-8")
    return [f for f in audit(read_report(path)) if f.code == "F09"]


@pytest.mark.parametrize("sentence,says", [
    ("截至2023年2月30日", "“2023年2月30日”不存在：2023 年 2 月只有 28 天"),
    ("截至2023年2月29日", "2023 年 2 月只有 28 天"),
    ("自2023年13月1日起", "没有 13 月"),
    ("截至2023年4月31日", "4 月只有 30 天"),
    ("截至２０２３年６月３１日", "6 月只有 30 天"),
    ("统计期限为1月1日至12月32日", "12 月只有 31 天"),
])
def test_a_date_that_does_not_exist_is_a_warning_quoting_the_sentence(tmp_path, sentence, says):
    (f,) = _audit_saying(tmp_path, sentence)
    assert f.severity == "warning" and says in f.message and "正文第一部分" in f.message
    assert sentence in f.evidence[0].text


@pytest.mark.parametrize("sentence", ["截至2024年2月29日", "截至2月29日", "截至2023年12月31日", "1月1日至12月31日"])
def test_a_date_that_exists_is_not_reported(tmp_path, sentence):
    assert _audit_saying(tmp_path, sentence) == []


def test_the_sample_report_has_no_impossible_date():
    assert [f for f in audit(read_report(sample_path())) if f.code == "F09"] == []


@given(st.integers(1900, 2200), st.integers(0, 14), st.integers(0, 33))
def test_a_date_with_its_year_is_reported_exactly_when_it_does_not_exist(y, m, d):
    try:
        dt.date(y, m, d)
        exists = True
    except ValueError:
        exists = False
    assert (_no_such_date(str(y), str(m), str(d)) is None) == exists


@given(st.integers(0, 14), st.integers(0, 33))
def test_a_date_without_its_year_is_reported_when_no_year_has_it(m, d):
    try:
        dt.date(2024, m, d)  # a leap year: 2月29日 exists in some year
        exists = True
    except ValueError:
        exists = False
    assert (_no_such_date(None, str(m), str(d)) is None) == exists
