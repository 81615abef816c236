"""AsciiDoc tables in a text file (``pandoc -t asciidoc``): ``|===`` blocks whose cells each start with "|".

A row of an AsciiDoc table is not a line: it is as many cells as the table has columns (the ``cols``
attribute, else the cells of its first line), and pandoc continues a long row on the next line
("| |（二）部分公开… | |1 |0 |0" then "|0 |0 |0 |1").  Read line by line as pipe rows, such a row's cells
shift.  :func:`asciidoc_tables` finds the blocks and returns their rows as grid rows (``RowBlock.table``
set), a cell spanning columns or rows (``2+|``, ``.2+|``) followed by placeholders for the places it covers.
A block whose cells do not make whole rows, or that uses a cell specifier this does not read (``3*|``, a
duplicated cell), yields no rows at all (its numbers stay unread, never shifted).  A pure function.
"""

from __future__ import annotations

import re

from ..report import Location
from ..textutil import lazy_pattern
from .base import RawCell, RowBlock

_DELIM = re.compile(r"^\s*\|={3,}\s*$")
_INNER = re.compile(r"^\s*!={3,}\s*$")  # a table nested in an "a|" cell: its cells start with "!"
_ATTRS = re.compile(r"^\s*\[(.*)\]\s*$")
_COLS = re.compile(r"""cols\s*=\s*(?:"([^"]*)"|'([^']*)'|([^,\]]*))""")
#: a cell specifier just before a "|": [factor*][colspan][.rowspan]+ [halign][.valign][style]
_SPEC = lazy_pattern(r"(?:^|(?<=\s))(?:(\d+)\*)?(?:(\d+)?(?:\.(\d+))?\+)?([<^>])?(?:\.([<^>]))?([adehlmsv])?$")
_MAX_CELLS = 20000
_MAX_COLUMNS = 200  # a table wider than this is not a report's table (and a span "99999+|" never costs its width)


def _cols(attrs: str) -> int | None:
    m = _COLS.search(attrs)
    if not m:
        return None
    spec = next((g for g in m.groups() if g is not None), "").strip()
    if not spec:
        return None
    m2 = re.fullmatch(r"(\d{1,6})\s*\*.*", spec)
    if m2:
        return int(m2.group(1))
    return len(spec.split(","))


def _segments(text: str, sep: str = "|") -> list[str]:
    """``text`` split at every ``sep`` not escaped with a backslash."""
    out, cur, i = [], [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] == sep:
            cur.append(sep)
            i += 2
            continue
        if ch == sep:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    out.append("".join(cur))
    return out


def _spec(segment: str) -> tuple[str, tuple[int, int] | None]:
    """(the segment's text less a trailing cell specifier, (colspan, rowspan) of the next cell) — None when the
    specifier is one not read (a duplication factor)."""
    m = _SPEC().search(segment)
    if not m or not m.group(0) or not any(m.groups()):
        return segment, (1, 1)
    factor, colspan, rowspan = m.group(1), m.group(2), m.group(3)
    if factor is not None:
        return segment[:m.start()], None
    return segment[:m.start()], (int(colspan or 1), int(rowspan or 1))


def _table_rows(lines: list[str], first_line: int, cols: int | None, source: str,
                table: int, sep: str = "|") -> list[RowBlock] | None:
    """The rows of the cells between the two delimiters (``lines``; ``first_line``: the 1-based line of the first)."""
    cells: list[tuple[str, int, int, int]] = []  # (text, colspan, rowspan, 1-based line)
    first_count = 0
    pending: tuple[int, int] | None = None
    started = False
    for k, line in enumerate(lines):
        segs = _segments(line, sep)
        if not started:
            if not line.strip():
                continue
            if sep not in line:
                return None  # text before the first cell
        for j, seg in enumerate(segs):
            if j == len(segs) - 1:
                text, nxt = seg, None
            else:
                text, nxt = _spec(seg)
                if nxt is None:
                    return None
            if j == 0:
                if not started:
                    if text.strip():
                        return None
                elif cells:  # the text goes on the last cell, continued on this line
                    t, c, r, ln = cells[-1]
                    cells[-1] = (t + "\n" + text, c, r, ln)
            else:
                cells.append((text, *pending, first_line + k))
            if j < len(segs) - 1:
                pending = nxt
                started = True
        if len(cells) > _MAX_CELLS:
            return None
        if started and first_count == 0 and cells:
            first_count = sum(c for _, c, _, _ in cells)
    if not cells:
        return []
    n = cols or first_count
    if n <= 0 or n > _MAX_COLUMNS:
        return None
    rows: list[list[RawCell | None]] = []
    covered: dict[tuple[int, int], bool] = {}
    r, c = 0, 0
    row: list[RawCell | None] = []
    for text, colspan, rowspan, ln in cells:
        while covered.get((r, c)):
            row.append(RawCell("", Location(source=source, line=ln, where=f"第{ln}行"), spanned=True))
            c += 1
            if c == n:
                rows.append(row)
                row, r, c = [], r + 1, 0
        if c + colspan > n or rowspan > len(cells):
            return None  # (a span past the table: not a table this reads, and never unbounded work)
        loc = Location(source=source, line=ln, where=f"第{ln}行 第{c + 1}栏")
        row.append(RawCell(" ".join(text.split()), loc))
        for dc in range(colspan):
            for dr in range(rowspan):
                if dc or dr:
                    covered[(r + dr, c + dc)] = True
        for _ in range(colspan - 1):
            row.append(RawCell("", loc, spanned=True))
        c += colspan
        if c == n:
            rows.append(row)
            row, r, c = [], r + 1, 0
    while row and covered.get((r, c)):
        row.append(RawCell("", row[-1].location, spanned=True))
        c += 1
        if c == n:
            rows.append(row)
            row, r, c = [], r + 1, 0
    if row or any(rr >= len(rows) for rr, _ in covered):
        return None  # the cells do not make whole rows: where each stands is not certain
    out = []
    for cells_of_row in rows:
        ln = cells_of_row[0].location.line
        out.append(RowBlock(list(cells_of_row), Location(source=source, line=ln, where=f"第{ln}行"), table=table))
    return out


def asciidoc_tables(lines: list[str], first_line: int, source: str, first_table: int
                    ) -> list[tuple[int, int, list[RowBlock] | None]]:
    """(start, end, rows) for every ``|===`` block among ``lines`` (indices; end one past its closing
    delimiter; a ``[cols=…]`` attribute line just above is part of it): rows None when the block cannot be read
    cell for cell.  ``first_line``: the 1-based line number of ``lines[0]``."""
    out: list[tuple[int, int, list[RowBlock] | None]] = []
    number = first_table  # each table, nested or not, its own number
    i = 0
    while i < len(lines):
        if not _DELIM.match(lines[i]):
            i += 1
            continue
        close = next((j for j in range(i + 1, len(lines)) if _DELIM.match(lines[j])), None)
        if close is None:
            break
        start = i
        cols = None
        if i > 0:
            m = _ATTRS.match(lines[i - 1])
            if m:
                start = i - 1
                cols = _cols(m.group(1))
        inner = [j for j in range(i + 1, close) if _INNER.match(lines[j])]
        if inner and cols == 1 and len(inner) % 2 == 0:
            # one cell holding the table(s) ("a|" then "!===" … "!==="): the inner tables' rows
            rows = []
            for a, b in zip(inner[::2], inner[1::2]):
                m = _ATTRS.match(lines[a - 1]) if a - 1 > i else None
                got = _table_rows(lines[a + 1:b], first_line + a + 1, _cols(m.group(1)) if m else None, source,
                                  number, sep="!")
                number += 1
                if got is None:
                    rows = None
                    break
                rows.extend(got)
        elif inner:
            rows = None
        else:
            rows = _table_rows(lines[i + 1:close], first_line + i + 1, cols, source, number)
            number += 1
        out.append((start, close + 1, rows))
        i = close + 1
    return out
