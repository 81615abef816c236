"""The quick pre-checks of the text path (issue 16) answer as the full checks they stand before.

is_delimiter_row refuses a line with a character besides pipes, colons, dashes and spaces without splitting it;
split._number skips the full-width table and the comma removal for a plain ASCII part.  Each is compared with the
check as it was written before (kept here as the reference) on generated lines and parts."""

from __future__ import annotations

import re
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.readers.pipes import is_delimiter_row, split_pipe_row
from gongkai.readers.split import _number
from gongkai.readers.text import (_COLUMNS, _LONE_VALUE, _PIPE_LINE, _ROW_TAIL, _VALUES_ONLY, _cells_between_empty_lines,
                                  _ends_inside_sentence, _is_prose, _mail_header, _spaced_words, _value_tail)

_CELL = re.compile(r"^:?-+:?$")


def _delimiter_reference(line: str) -> bool:
    s = line.strip()
    if "|" not in s or "-" not in s:
        return False
    cells = split_pipe_row(s)
    return bool(cells) and all(_CELL.match(c.replace(" ", "")) for c in cells if c) and any(cells)


# the characters of a delimiter row, the whitespace a converter leaves, and a few that make a line no such row
_LINE_CHARS = st.sampled_from(list("|||---:: \t\u3000\\") + ["a", "规", "1", "－", "—", "｜", "+", "="])


@settings(max_examples=400, deadline=None)
@given(st.lists(_LINE_CHARS, max_size=24).map("".join))
def test_delimiter_row_as_full_check(line):
    assert is_delimiter_row(line) == _delimiter_reference(line)


def test_delimiter_rows_written():
    for line in ("|---|:--:|", "| --- | --- |", "---|---", "|:-|", " | - | | - | "):
        assert is_delimiter_row(line), line
    for line in ("| 规章 | 2 |", "|---|-a-|", "|--\\|--|", "| — | — |", "|===|", "|", "---"):
        assert not is_delimiter_row(line), line


_FULL = str.maketrans("0123456789,.", "０１２３４５６７８９，．")


def _number_reference(part: str):
    part = part.translate(str.maketrans("０１２３４５６７８９，．", "0123456789,.")).replace(",", "")
    return Decimal(part) if "." in part else int(part)


_PART = st.one_of(
    st.integers(0, 10**12).map(str),
    st.integers(1, 10**9).map(lambda n: f"{n:,}"),
    st.decimals(0, 10**6, places=2, allow_nan=False, allow_infinity=False).map(str),
    st.decimals(1000, 10**7, places=2, allow_nan=False, allow_infinity=False).map(lambda d: f"{d:,}"),
    st.integers(-10**6, -1).map(str),
)


@settings(max_examples=300, deadline=None)
@given(_PART, st.booleans(), st.integers(0, 12))
def test_number_as_full_check(part, full_width, mixed):
    if full_width:  # the whole part, or only its first characters, in full width
        part = part[:mixed].translate(_FULL) + part[mixed:]
    got, want = _number(part), _number_reference(part)
    assert got == want and type(got) is type(want)


_TOKEN = re.compile(r"\S+")
_VALUE_TOKEN = re.compile(r"0|[1-9]\d*(?:\.\d+)?|0\.\d+|/")


def _value_tail_reference(line: str):
    spans = [(m.start(), m.end()) for m in _TOKEN.finditer(line)]
    k = len(spans)
    while k and _VALUE_TOKEN.fullmatch(line[spans[k - 1][0]:spans[k - 1][1]]):
        k -= 1
    return (spans[k - 1][1] if k else 0), spans[k:]


# digits, marks, words and every kind of whitespace a text file has (tab, full-width space, no-break space, form
# feed, the file/group separators str.split treats as spaces)
_TAIL_CHARS = st.sampled_from(list("0123 4.5/  \t\u3000\u00a0\x0c\x1c") + ["规章", "1.", "0.5", "05", "//", "-"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_TAIL_CHARS, max_size=20).map("".join))
def test_value_tail_as_full_check(line):
    assert _value_tail(line) == _value_tail_reference(line)


def test_value_tail_written():
    assert _value_tail("（二）部分公开    6") == (7, [(11, 12)])
    assert _value_tail("5 1 0 0 0 0") == (0, [(0, 1), (2, 3), (4, 5), (6, 7), (8, 9), (10, 11)])
    assert _value_tail("规章 2 2 规章 2") == (9, [(10, 11)])  # the same token earlier in the line
    assert _value_tail("") == (0, [])


def _cells_between_empty_lines_reference(lines):
    gaps = []
    run, seen = 0, False
    for x in lines:
        if x.strip():
            if seen:
                gaps.append(run)
            seen, run = True, 0
        else:
            run += 1
    if len(gaps) < 40 or any(g % 2 == 0 and g for g in gaps) or max(gaps) < 3:
        return False
    if sum(g == 0 for g in gaps) > 2 or sum(g == 1 for g in gaps) < len(gaps) // 2:
        return False
    if sum(bool(_LONE_VALUE.fullmatch(x.strip())) for x in lines) < 10:
        return False
    return not any("\t" in x or _COLUMNS.search(x.strip()) or _PIPE_LINE.match(x) for x in lines)


# docx2txt-like files: lines of text or values, each followed by one empty line, some by three (an empty cell),
# a few by two or none (a title, or text of another kind) — the full check and the early-exit one agree
_DOC_LINE = st.tuples(st.sampled_from(["规章", "12", "0", "/", "一、总体情况", "行政许可\t3", "a  b  c", "| 1 | 2 |",
                                       " ", "\u3000"]),
                      st.sampled_from([1, 1, 1, 1, 3, 3, 5, 0, 2]))


@settings(max_examples=300, deadline=None)
@given(st.lists(_DOC_LINE, min_size=0, max_size=120))
def test_cells_between_empty_lines_as_full_check(parts):
    lines = []
    for text, gap in parts:
        lines += [text] + [""] * gap
    assert _cells_between_empty_lines(lines) == _cells_between_empty_lines_reference(lines)


def test_cells_between_empty_lines_written():
    lines = []
    for k in range(60):
        lines += [str(k % 7) if k % 3 else "规章"] + [""] * (3 if k % 10 == 0 else 1)
    assert _cells_between_empty_lines(lines) and _cells_between_empty_lines_reference(lines)
    lines[5:5] = ["标题", "副标题", "再一行", "又一行"]  # lines straight after each other: three pairs
    assert not _cells_between_empty_lines(lines) and not _cells_between_empty_lines_reference(lines)


def _is_prose_reference(line):
    body = line.strip()
    return (bool(body) and not _COLUMNS.search(body) and _ends_inside_sentence(body) and not _spaced_words(body)
            and not _VALUES_ONLY.fullmatch(body) and not _ROW_TAIL.search(body) and not _mail_header(body))


_PROSE_PIECES = st.sampled_from(["本机关", "共收到申请", "5", "12", "1,234", "3.5", " ", "   ", "\t", "。", "，", "、",
                                 "二、上年结转", "Subject:", "发件人：", "/", "—", "a", "件", ".", ","])


@settings(max_examples=500, deadline=None)
@given(st.lists(_PROSE_PIECES, max_size=12).map("".join))
def test_is_prose_as_full_check(line):
    assert _is_prose(line) == _is_prose_reference(line)
