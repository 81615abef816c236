"""Space-aligned text tables whose header gives the columns (issue 11: tabulate's plain/rst, texttable without
decoration, rich's SIMPLE box, a data frame printed as text): a blank cell prints nothing, so a row with blanks
prints fewer numbers than the table has columns — where each number stands says which column it is in, and
the header says where the columns stand: each header word (or, in reStructuredText, each ``=====`` run of the
ruler under the header) is one column's extent in display columns (a CJK character takes two).

:func:`aligned_rows` cuts such a table's lines into cells, each number into the column whose extent it falls
in (left, right aligned or centred under its header: it overlaps that column's extent and no other), the
columns without a number blank; a row printed with its label and no number at all is a row of blank cells
when its label names a row of the formats (tabulate prints a blank row so; a label wrapped over lines prints
its other part without numbers too: that part names no row, and the table is then left to the space-aligned
reading).  Only a table with some row printing fewer numbers than its columns is cut here (the others read
by their order already), and only when every number of it falls in one column: a number between two columns
or over two, a label reaching into the numbers' columns, a line of numbers without a label under a label
column (``pdftotext -layout`` centring a row's numbers between the lines of its wrapped label) — the whole
table is left to the space-aligned reading, which says what it cannot read.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..textutil import lazy_pattern

#: a value as a cell prints it: a number, or a not-applicable mark
_VALUE = lazy_pattern(r"^[+-]?\d+(?:\.\d+)?$|^[/／—－-]$")
#: a rule line: rule characters only (a ruler of runs, or one line across)
_RULE = lazy_pattern(r"^\s*[-=─━═+]{3,}[-=─━═+ ]*$")
#: a ruler of two or more ``=`` runs apart (reStructuredText simple tables): each run a column's extent
_RULER = lazy_pattern(r"^\s*={2,}(?: +={2,})+\s*$")
_TOKEN = re.compile(r"\S+")
_OTHER_MARKUP = frozenset("|│┃║\t")
MAX_LINE = 2000  # a longer line is no table row here


def _width(ch: str) -> int:
    if ch.isascii():
        return 1
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


@lru_cache(maxsize=4096)  # (a block is cut up to four ways — display columns or characters, header words
def _tokens(line: str, wide: bool = True) -> tuple[tuple[str, int, int], ...]:  # joined or not: tokenized once)
    """The line's whitespace-separated tokens as (text, display start, display end); with ``wide`` False
    every character one column (a program that padded by characters: pandas' default)."""
    starts, pos = [], 0
    for ch in line:
        starts.append(pos)
        pos += _width(ch) if wide else 1
    starts.append(pos)
    return tuple((m.group(0), starts[m.start()], starts[m.end()]) for m in _TOKEN.finditer(line))


def _han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _words(tokens) -> list[tuple[str, int, int]]:
    """Header tokens one space apart joined into one word ("行政诉讼/未经 …"): columns stand two or more apart."""
    out: list[tuple[str, int, int]] = []
    for text, a, b in tokens:
        if out and a - out[-1][2] <= 1 and not (_han(text[0]) and _han(out[-1][0][-1])):
            # (two Chinese words one space apart are two columns' names: a Chinese header holds no space — a
            # frame printed one space apart, "自然人 商业企业"; joined, their columns' values would fall in one)
            out[-1] = (out[-1][0] + " " + text, out[-1][1], b)
        else:
            out.append((text, a, b))
    return out


def _value_tail(tokens, floor: int = 0) -> int:
    """The index of the first token of the line's trailing run of values (len(tokens) when none), not before
    ``floor`` (a frame's index before them)."""
    k = len(tokens)
    while k > floor and _VALUE().match(tokens[k - 1][0]):
        k -= 1
    return k


def _column(extents: list[tuple[int, int]], a: int, b: int) -> int | None:
    """The one column whose extent [a, b) overlaps, or None (none or several)."""
    hits = [k for k, (s, e) in enumerate(extents) if a < e and s < b]
    return hits[0] if len(hits) == 1 else None


def aligned_rows(lines: list[str], names_a_row, taken=frozenset(), offset: int = 0) -> dict[int, list[str] | None]:
    """The lines (0-based, plus ``offset``) of every such table in ``lines``: a row's line → its cells (the label
    as one cell, then one cell per column, "" for a blank one), its rule lines → None.  ``names_a_row(label)``:
    the label is a row's whole label in a format.  Lines in ``taken`` (read as another kind of table) are never
    part of one."""
    out: dict[int, list[str] | None] = {}
    n = len(lines)
    i = 0
    while i < n:
        if not lines[i].strip() or i in taken:
            i += 1
            continue
        j = i
        while j < n and lines[j].strip() and j not in taken:
            j += 1
        block = range(i, j)
        i = j
        if len(block) < 2 or any(len(lines[k]) > MAX_LINE or _OTHER_MARKUP & set(lines[k]) for k in block):
            continue
        first = next((k for k in block if _ENDS_IN_VALUE().search(lines[k])), None)
        if first is None or first == block.start:
            continue  # no row of values under a header
        cells = _table(lines, block, names_a_row)
        # in characters (a program padding by characters: pandas' default, tabulate without wcwidth); then
        # pandas' to_string — header words one space apart, every column right-aligned
        one_space = any(_ONE_SPACE().search(lines[k]) for k in range(block.start, first)) \
            or _index_under_blank(lines, block, first)
        for wide, right_aligned in ((False, False), (True, True), (False, True)):
            if not cells and (one_space or not right_aligned):
                cells = _table(lines, block, names_a_row, wide=wide, right_aligned=right_aligned)
        out.update((k + offset, c) for k, c in cells.items())
    return out


_ENDS_IN_VALUE = lazy_pattern(r"(?:^|\s)(?:[+-]?\d+(?:\.\d+)?|[/／—－-])\s*$")  # a line ending in a value
_ONE_SPACE = lazy_pattern(r"\S \S")  # two words one space apart (a frame's header)

#: a data frame's default index printed before a row's values ("0", "1", …)
_INDEX = re.compile(r"^\d{1,4}$")


def _index_under_blank(lines: list[str], block: range, first: int) -> bool:
    """Every line from ``first`` on starts with a data frame's default index ("0", "1", …) under the header's
    leading spaces: a frame whose header words stand two spaces apart (values wider than their names).  A header
    line of one word at the left is the index's name."""
    heads = [h for h in (lines[k] for k in range(block.start, first)) if h[:1].isspace() or len(h.split()) > 1]
    for k in range(first, block.stop):
        m = _INDEX_AT_START().match(lines[k])
        if m is None or any(h[:m.end()].strip() for h in heads):
            return False
    return True


_INDEX_AT_START = lazy_pattern(r"\d{1,4}(?= |$)")


def _table(lines: list[str], block: range, names_a_row, wide: bool = True,
           right_aligned: bool = False) -> dict[int, list[str] | None]:
    """``right_aligned``: the header's words one space apart are columns each (not one header of several
    words), every column right-aligned — each value ends where its column's header word ends (pandas'
    ``DataFrame.to_string``), a number before the first header word in every row the frame's index."""
    rules = {k for k in block if _RULE().match(lines[k])}
    toks = {k: _tokens(lines[k], wide) for k in block if k not in rules}
    body = [k for k in toks if _value_tail(toks[k]) < len(toks[k])]
    if not body:
        return {}
    first = body[0]
    heads = [k for k in toks if k < first]
    if not heads:
        return {}
    # the columns: the ruler of ``=`` runs between the header and the body, else the header line of most words
    ruler = next((k for k in sorted(rules, reverse=True) if k < first and _RULER().match(lines[k])), None)
    if right_aligned and ruler is not None:
        return {}
    words = (lambda t: t) if right_aligned else _words
    span_line = max(heads, key=lambda k: (len(words(toks[k])), k))
    spans = [(a, b) for _, a, b in (_tokens(lines[ruler]) if ruler is not None else words(toks[span_line]))]
    # (a row of the index alone: every cell of that row empty, its null markers blanked — table 四 of an office
    # without cases, "0  <NA>  <NA> …")
    indexed = (right_aligned and spans and all(
        _INDEX.match(toks[k][0][0]) and toks[k][0][2] <= spans[0][0] for k in toks if k >= first))

    def tail_of(k):  # (the frame's index, when printed, a label: the row's values are the tokens after it)
        return _value_tail(toks[k], 1 if indexed and k >= first else 0)
    # the value columns: the header's columns right of every label of the body (a column blank in every row
    # is a column still), every value of the body in one of them
    label_end = max((b for k in toks if k >= first for _, _, b in toks[k][:tail_of(k)]), default=0)
    lead = next((c for c, (a, _) in enumerate(spans) if a >= label_end), None)
    firsts = [_column(spans, a, b) for k in body for _, a, b in toks[k][tail_of(k):]]
    if lead is None or None in firsts or min(firsts, default=lead) < lead:
        return {}
    values = spans[lead:]
    x0 = values[0][0]
    # a header word joined from words one space apart ("自然人 商业企业" of a frame printed one space apart): a value
    # ending where an inner word ends, or starting where one starts, says those words are columns each — the
    # joined reading would put the columns' values in one and shift the others (left to the right-aligned cut)
    inner = [set() for _ in values]
    if ruler is None and not right_aligned:
        for c, (a, b) in enumerate(values):
            parts = [(ta, tb) for _, ta, tb in toks[span_line] if a <= ta and tb <= b]
            if len(parts) > 1:
                inner[c] = {tb for _, tb in parts[:-1]} | {ta for ta, _ in parts[1:]}
    ncols = len(values)
    labelled = label_end > 0
    out: dict[int, list[str] | None] = {}
    short = False
    for k in range(first, block.stop):
        if k in rules:
            out[k] = None
            continue
        t = toks[k]
        tail = tail_of(k)
        label = t[:tail]
        if any(b > x0 for _, _, b in label):
            return {}  # a label reaching into the values' columns (or text among the values)
        label_text = " ".join(x for x, _, _ in label)
        if labelled and not label:
            return {}  # numbers without a label under a label column: whose, the text does not say
        cells = [""] * ncols
        for text, a, b in t[tail:]:
            c = _column(values, a, b)
            if c is None or cells[c] or (b != values[c][1] if right_aligned else b - a > values[c][1] - values[c][0]) \
                    or b in inner[c] or a in inner[c]:
                # (a number wider than its column's header: digits run together, not one cell's — unless every
                # column is right-aligned, the header word padded to its widest value: a number overlapping no
                # other column's header and ending where its own ends)
                return {}
            cells[c] = text
        if tail == len(t):  # no value: a blank row, when its label is a row's (or the frame's index says it is one)
            if not indexed and not names_a_row(label[-1][0] if label else ""):
                return {}
            short = True
        elif len(t) - tail < ncols:
            short = True
        out[k] = ([label_text] if labelled and not indexed else []) + cells  # (a frame's 0, 1, … names no row)
    if not short and not indexed:
        return {}  # every row prints every cell: read by their order as before
    # the header lines: the one giving the columns, and others with words over the values' columns
    for k in heads:
        if k != span_line and (not any(a >= x0 for _, a, _ in toks[k]) or any(a < x0 < b for _, a, b in toks[k])):
            continue  # no word over the values' columns (a caption, a frame's index name), or one across them
        cells = [""] * ncols
        label = []
        for text, a, b in words(toks[k]):
            if a < x0:
                label.append(text)
                continue
            c = _column(values, a, b)
            if c is None:
                return {}
            cells[c] = (cells[c] + " " + text).strip()
        out[k] = ([" ".join(label)] if labelled and not indexed else []) + cells
    for k in rules:
        if heads and k > min(heads):
            out[k] = None
    return out
