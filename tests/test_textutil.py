"""textutil: the common-subsequence similarity used as a filter before difflib, and lazily compiled patterns."""

from __future__ import annotations

import difflib
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Indel

from gongkai.textutil import lazy_pattern, lcs_similarity

# a small alphabet so that strings share characters (titles, names of regulations)
_TEXT = st.text(alphabet="一二三四五六、政府信息公开情况年度报告ab（）", max_size=40)


@given(_TEXT, _TEXT)
@settings(max_examples=500)
def test_lcs_similarity_is_rapidfuzz_indel(a, b):
    """The very float rapidfuzz's Indel.normalized_similarity gives (it replaced that call)."""
    assert lcs_similarity(a, b) == Indel.normalized_similarity(a, b)


@given(_TEXT, _TEXT)
@settings(max_examples=500)
def test_lcs_similarity_bounds_difflib(a, b):
    """Never below difflib's ratio: the filter skips only candidates difflib could not rate higher."""
    assert lcs_similarity(a, b) >= difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() - 1e-12
    assert lcs_similarity(a, b) == lcs_similarity(b, a)


def test_lcs_similarity_examples():
    assert lcs_similarity("", "") == 1.0
    assert lcs_similarity("abc", "") == 0.0
    assert lcs_similarity("总体情况", "总体情况") == 1.0
    assert lcs_similarity("主动公开政府信息情况", "主动公开政府信息") == 16 / 18


def test_lazy_pattern_compiles_once_on_first_call():
    getter = lazy_pattern(r"[\u4e00-\u9fff]+", re.I)
    first = getter()
    assert first is getter()
    assert first.pattern == r"[\u4e00-\u9fff]+" and first.flags & re.I
    assert first.findall("ab政府c信息") == ["政府", "信息"]
