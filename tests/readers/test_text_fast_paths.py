"""Fast paths of the text mapping (issue 16) give what the steps they skip give: a line with no digit, no
not-applicable mark and no pipe (most lines of prose) is one text piece (mapping.pieces_from_text) — checked
against the full steps on generated lines, prose and table rows alike."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.readers import mapping
from gongkai.report import Location

_LOC = Location(source="t.txt", line=1)
_PROSE = list("本年新收政府信息公开申请数量件（）()、，。：:；.,%年月") + [" ", "  ", "\t", "\u3000", "第", "页", "一", "二", "¹", "Ⅱ"]
_LINES = st.one_of(st.lists(st.sampled_from(_PROSE), max_size=40).map("".join),  # (prose: the fast path)
                   st.lists(st.sampled_from(_PROSE + list("0123456789０１/／—－–-|｜") + ["٣"]), max_size=40).map("".join))


def _full_steps(text: str):
    kept = mapping._RUN_CHAR
    mapping._RUN_CHAR = re.compile("")  # (matches every line: no line skips the steps)
    try:
        return mapping.pieces_from_text(text, _LOC)
    finally:
        mapping._RUN_CHAR = kept


@settings(max_examples=3000, deadline=None)
@given(_LINES)
def test_pieces_of_a_line_as_the_full_steps_give_them(text):
    assert mapping.pieces_from_text(text, _LOC) == _full_steps(text)


def test_pieces_of_prose_lines_as_the_full_steps_give_them():
    for text in ("本年度共受理政府信息公开申请，均按期答复。", "  五、存在的主要问题及改进情况  ", "", "   ",
                 "第一部分 总体情况", "（一）主动公开", "行政许可 0 0 1", "规章///", "本年增/减", "收费   /",
                 "法人或其他组织 | 商业企业 |", "二○二三年"):
        assert mapping.pieces_from_text(text, _LOC) == _full_steps(text)
