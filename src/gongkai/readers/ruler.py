"""Tables whose columns a dash ruler gives: pandoc's simple and multiline tables (``pandoc -t markdown`` /
``-t plain``), printed as space-aligned text with a line of dash runs (``-------- ------ ---``) under the
header or above and below the rows.  Each dash run is one column's exact extent in display columns (a CJK
character takes two), so a text under a run is that column's, and a run with nothing under it is a blank
cell — which space-aligned reading cannot tell apart from a missing one (blank 法人 columns print nothing).

:func:`ruler_rows` cuts such a table's lines into cells; the text and Markdown readers read them as table
rows (blank cells kept).  A line whose text does not fall inside the columns (a character on the space
between two runs) is not cut: the whole table is then left to the space-aligned reading.
"""

from __future__ import annotations

import re
import unicodedata

from ..textutil import lazy_pattern

#: a ruler: two or more dash runs one or more spaces apart, nothing else on the line
_RULER = lazy_pattern(r"^\s*-{2,}(?: +-{2,})+\s*$")
#: a line of dashes only (the first and last line of a multiline table with a header)
_DASHES = re.compile(r"^\s*-{3,}\s*$")
_TOKEN = re.compile(r"\S+")


def _width(ch: str, ambiguous: int) -> int:
    """``ambiguous``: the width of an East Asian ambiguous character (1 or 2); 0 — every character one column
    (a program padding by characters: tabulate without wcwidth)."""
    if ch.isascii() or not ambiguous:
        return 1
    if unicodedata.combining(ch):
        return 0
    w = unicodedata.east_asian_width(ch)
    if w in ("W", "F"):
        return 2
    return ambiguous if w == "A" else 1


def _extents(ruler: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"-+", ruler)]


def _cut(line: str, extents: list[tuple[int, int]], ambiguous: int) -> list[str] | None:
    """The line's text per column, or None when some text starts outside every column or a token runs over
    into the next column."""
    cols: list[list[str]] = [[] for _ in extents]
    pos = 0  # display column of line[i]
    starts = []
    for ch in line:
        starts.append(pos)
        pos += _width(ch, ambiguous)
    for m in _TOKEN.finditer(line):
        a = starts[m.start()]
        b = starts[m.end() - 1] + _width(line[m.end() - 1], ambiguous)
        k = next((k for k, (s, e) in enumerate(extents) if s <= a < e), None)
        if k is None:
            return None
        nxt = extents[k + 1][0] if k + 1 < len(extents) else None
        if nxt is not None and b > nxt:
            return None  # runs into the next column: not this ruler's table
        cols[k].append(m.group(0))
    return [" ".join(c) for c in cols]


def _cut_all(lines: list[str], extents) -> list[list[str]] | None:
    # in display columns (a CJK character two), then in characters (tabulate without wcwidth pads by
    # characters: the ruler's runs are as long as the widest cell's characters) — a table padded one way has
    # some line whose text the other way's runs do not hold (tried only when the display columns fail)
    for ambiguous in (1, 2, 0):
        rows = [_cut(line, extents, ambiguous) for line in lines]
        if all(r is not None for r in rows):
            return rows  # type: ignore[return-value]
    return None


def _two_empty(lines: list[str]) -> bool:
    """Two empty lines in a row among ``lines`` (a multiline table's rows are one empty line apart)."""
    return any(not a.strip() and not b.strip() for a, b in zip(lines, lines[1:]))


def _join(parts: list[str]) -> str:
    out = ""
    for p in parts:
        if not p:
            continue
        if out and (out[-1].isascii() and out[-1].isalnum()) and (p[0].isascii() and p[0].isalnum()):
            out += " "
        out += p
    return out


def ruler_rows(lines: list[str]) -> dict[int, list[str] | None]:
    """The lines (0-based) of every dash-ruled table in ``lines``: a row's first line → its cells (text per
    column, "" for a blank cell), every other line of the table (rulers, blank lines, a multiline row's
    later lines) → None.  Lines of no such table are not in the result."""
    out: dict[int, list[str] | None] = {}
    n = len(lines)
    i = 0
    while i < n:
        if i in out or not _RULER().match(lines[i]):
            i += 1
            continue
        extents = _extents(lines[i])
        if len(extents) < 3:
            i += 1
            continue
        # header lines above the ruler (a simple table, or a multiline table's header under a line of dashes)
        top = i
        while top > 0 and lines[top - 1].strip() and not _DASHES.match(lines[top - 1]) \
                and not _RULER().match(lines[top - 1]) and (top - 1) not in out:
            top -= 1
        opened = top > 0 and bool(_DASHES.match(lines[top - 1]))
        # the rows: up to a closing ruler / line of dashes (a multiline table: blank lines between its rows)
        end = None
        j = i + 1
        while j < n:
            if _RULER().match(lines[j]) or _DASHES.match(lines[j]):
                end = j
                break
            j += 1
        if end is not None and not opened and (_extents(lines[end]) != extents or _two_empty(lines[i + 1:end])):
            # a table without a header closes on the same ruler, its rows one empty line apart: another
            # table's ruler further on (tabulate's simple table under an empty header, then a caption and the
            # next table) closes nothing — its caption and header would be read as this table's rows
            end = None
        rows_cut = _cut_all(lines[i + 1:end], extents) if end is not None and (opened or top == i) else None
        multiline = rows_cut is not None
        if not multiline:
            end = i + 1
            while end < n and lines[end].strip() and not _RULER().match(lines[end]) and not _DASHES.match(lines[end]):
                end += 1
        body = lines[top:i] + lines[i + 1:end]
        cut = rows_cut if multiline and top == i else _cut_all(body, extents)
        if cut is None or not any(sum(1 for c in r if c) >= 2 for r in cut):  # a table: some row of two cells
            i += 1
            continue
        header_n = i - top
        rows: list[tuple[int, list[str]]] = []
        for k, cells in enumerate(cut):
            at = top + k if k < header_n else i + 1 + (k - header_n)
            rows.append((at, cells))
        # group a multiline table's lines into rows: rows are separated by blank lines when any blank line is
        # among its body lines; otherwise every line is a row
        body_lines = range(i + 1, end)
        grouped = multiline and any(not lines[k].strip() for k in body_lines)
        if top > 0 and opened:
            out[top - 1] = None
        out[i] = None
        if multiline and end < n:
            out[end] = None
        cells_at = dict(rows)
        for k in range(top, i):
            out[k] = cells_at[k]
        if grouped:
            group: list[int] = []
            for k in list(body_lines) + [None]:
                if k is None or not lines[k].strip():
                    if group:
                        merged = [_join([cells_at[g][c] for g in group]) for c in range(len(extents))]
                        out[group[0]] = merged
                        for g in group[1:]:
                            out[g] = None
                    group = []
                    if k is not None:
                        out[k] = None
                else:
                    group.append(k)
        else:
            for k in body_lines:
                out[k] = cells_at[k] if lines[k].strip() else None
        i = (end + 1) if multiline else end
    return out
