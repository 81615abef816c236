"""textutil: the common-subsequence similarity used as a filter before difflib, lazily compiled patterns, and the
quicker NFKC."""

from __future__ import annotations

import difflib
import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Indel

from gongkai.textutil import lazy_pattern, lcs_similarity, nfkc

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


# Chinese text with what NFKC changes (full-width forms, U+3000, the ellipsis, compatibility ideographs) and what it
# composes across characters (combining accents, Hangul jamo), which the quick path must hand to the full one
_NFKC_TEXT = st.text(alphabet="政府信息公开（）：；，。　…①Ａａ１２ﾊﾟ\uf900\u2126e\u0301\u0323\u1100\u1161\u11a8 .\n", max_size=30)


@given(_NFKC_TEXT)
@settings(max_examples=2000)
def test_nfkc_is_unicodedata_nfkc(text):
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_nfkc_examples():
    assert nfkc("（二）部分公开：１２件…") == "(二)部分公开:12件..."
    assert nfkc("e\u0301") == "\u00e9"  # composed: the quick path alone would leave it decomposed
    assert nfkc("\u1100\u1161") == "\uac00"  # Hangul jamo composed into a syllable
    assert nfkc("") == ""


_NORM_TEXT = st.text(alphabet="1２٣、．.， \u3000\n\t\xa0\u2003\u2028\x1c\x85\u200b一二（）()“”‘’「」ab", max_size=30)


def _norm_by_patterns(text: str) -> str:
    """norm as it was written with two more regex passes (whitespace, then "1、" → "1.")."""
    from gongkai.textutil import _QUOTE_PAIRS
    s = nfkc(text)
    for quote, plain in _QUOTE_PAIRS:
        s = s.replace(quote, plain)
    s = re.sub(r"\s+", "", s).replace("\u3000", "")
    return re.sub(r"(\d)[、．.]", r"\1.", s)


@given(st.lists(_NORM_TEXT, max_size=8).map("\n".join))
@settings(max_examples=800)
def test_norm_is_the_pattern_norm(text):
    """norm's whitespace removal (str.split) and item dots (split at "、") give what the patterns gave, on short
    labels and on long texts alike (the cached and the uncached path)."""
    from gongkai.textutil import _norm, norm
    assert norm(text) == _norm(text) == _norm_by_patterns(text)


def test_str_split_and_isdecimal_are_res_classes():
    """The two character classes norm relies on: str.split's whitespace is re's ``\\s`` and str.isdecimal is
    re's ``\\d``, for every code point."""
    import sys
    space, digit = re.compile(r"\s"), re.compile(r"\d")
    for c in range(sys.maxunicode + 1):
        ch = chr(c)
        assert (space.match(ch) is not None) == ch.isspace(), hex(c)
        assert (digit.match(ch) is not None) == ch.isdecimal(), hex(c)
