"""Fast paths of the text mapping (issue 16) give what the steps they skip give (mapping.pieces_from_text): a line
with no digit, no not-applicable mark and no pipe (most lines of prose) is one text piece; a line with no dash has
no dash glued to a label; a line with no slash no marks glued or alone; a run not ending with a dot or "、" no item
number at its end; a run's digits are found by the pattern's \\d (the run's characters are _RUN's) — checked
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
                   st.lists(st.sampled_from(_PROSE + list("0123456789０１/／—－–-|｜")
                                            + ["٣", "（二）部分公开—   0   0", "规章   3  - 0", "规章///", "收费   /", "0000002.",
                                               "1、", "3.  ", "．"]), max_size=40).map("".join))


class _IsDigit:
    """The former test of a run's digits: str.isdigit of any character."""

    @staticmethod
    def search(text):
        return any(ch.isdigit() for ch in text)


class _Everything:
    def __contains__(self, item):
        return True


def _full_steps(text: str):
    names = ("_RUN_CHAR", "_DASH_CHAR", "_SLASH_CHAR", "_DIGIT_IN_RUN", "_ITEM_MARKS")
    kept = [getattr(mapping, name) for name in names]
    # (no line skips the steps, the glued-dash, glued-marks or lone-mark search, no run the item-number search;
    # digits as str.isdigit says)
    for name, value in zip(names, (re.compile(""), re.compile(""), re.compile(""), _IsDigit, _Everything())):
        setattr(mapping, name, value)
    try:
        return mapping.pieces_from_text(text, _LOC)
    finally:
        for name, value in zip(names, kept):
            setattr(mapping, name, value)


@settings(max_examples=3000, deadline=None)
@given(_LINES)
def test_pieces_of_a_line_as_the_full_steps_give_them(text):
    assert mapping.pieces_from_text(text, _LOC) == _full_steps(text)


def test_pieces_of_prose_lines_as_the_full_steps_give_them():
    for text in ("本年度共受理政府信息公开申请，均按期答复。", "  五、存在的主要问题及改进情况  ", "", "   ",
                 "第一部分 总体情况", "（一）主动公开", "行政许可 0 0 1", "规章///", "本年增/减", "收费   /",
                 "法人或其他组织 | 商业企业 |", "二○二三年"):
        assert mapping.pieces_from_text(text, _LOC) == _full_steps(text)
