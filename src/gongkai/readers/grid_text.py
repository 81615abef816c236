"""Tables drawn with lines in plain text (issue 11): box-drawing tables (``w3m -dump``: ``┌─┬─┐ │ ├─┼─┤``) and
ASCII grid tables (pandoc grid Markdown, reStructuredText grid tables: ``+----+----+``, ``+====+`` under the
header, ``|`` between cells).

A table is read as its rectangles: each cell is the smallest rectangle closed by border characters (the
scan of docutils' ``GridTableParser``: along the top edge to a corner, down the right edge to a corner, back
along the bottom edge, up the left edge).  So a cell's text wrapped over several physical lines is one cell,
and a label spanning rows or columns (a merged cell: "三、本年度办理结果", "（三）不予公开", "申请人情况") is one
cell whose covered places are ``RawCell("", spanned=True)`` — the same grid the HTML reader makes of the same
table.  Positions are display columns: a wide (CJK) character takes two, as the tool that drew the table
counted it; an East Asian "ambiguous" character (“ ” │ ─) one, else (a tool drawing them two wide) two.

Every box-drawing family is a border: light, heavy (``┏━┳━┓ ┃``), double (``╔═╦═╗ ║``), rounded (``╭─┬─╮``) and
ASCII (``+-+ += |``); a rule line ending in edge characters (psql's ``|----+----|`` under the header) is a border too.
A table whose body rows have no rule between them (tabulate psql/outline, PrettyTable: rules only at the top,
under the header and at the bottom) is read a row per text line of its body: the grid is the one the lines would
make with a rule between each two of them (:func:`_ruled_body`).

A block that is not a complete grid (a cell not closed, places covered twice or never) is not read here: its
lines stay lines, read as before.
"""

from __future__ import annotations

import re
import unicodedata

from ..report import Location
from .base import RawCell, RowBlock

_H = frozenset("─━═┄┅┈┉╌╍-=")
_V = frozenset("│┃║┆┇┊┋╎╏|")
_ASCII_CORNER = "+"
MAX_TABLE_LINES = 5000  # a drawn table longer than this is not scanned as one (it stays lines)
MAX_TABLE_WIDTH = 2000
MAX_TABLE_AREA = 400_000  # display positions (lines × columns): the 30号 tables drawn are about 15 000
MAX_CELLS = 20_000  # cells found before the scan gives up (the table stays lines)


def _is_box(ch: str) -> bool:
    return "\u2500" <= ch <= "\u257f"


def _corner(ch: str) -> bool:
    return ch == _ASCII_CORNER or (_is_box(ch) and ch not in _H and ch not in _V)


def _edge_char(ch: str) -> bool:
    return ch in _V or _corner(ch)


def is_border(line: str) -> bool:
    """A border line of a drawn table: corners and horizontal rules only, starting and ending with a corner
    ("┌──┬──┐", "+----+====+"), at least three characters; a column's alignment colons beside its corners
    (pandoc's "+:===:+====:+") are part of the rule."""
    s = _without_colons(line.strip())
    return (len(s) >= 3 and _corner(s[0]) and _corner(s[-1]) and any(c in _H for c in s)
            and all(c in _H or _corner(c) for c in s))


_ALIGN = re.compile(r"(?<=\+):(?=[-=])|(?<=[-=]):(?=\+)")


def _without_colons(line: str) -> str:
    """The line with pandoc's alignment colons (a ':' between a '+' corner and a rule character, either
    side) drawn as the rule beside them: ``+:===:+`` is ``+=====+``."""
    if ":" not in line:
        return line
    return _ALIGN.sub(lambda m: line[m.start() + 1] if line[m.start() - 1] == "+" else line[m.start() - 1], line)


_BOX = re.compile("[\u2500-\u257f]")


def might_have_grid(text: str) -> bool:
    """Cheap test before the scan: some line may be a drawn table's border."""
    return (_BOX.search(text) is not None or "+-" in text or "+=" in text) and any(
        is_border(x) for x in text.split("\n") if "+" in x or _BOX.search(x))


def _border_line(line: str) -> str:
    """A border line drawn with alignment colons as the border it stands for; any other line as it is."""
    return _without_colons(line) if ":" in line and is_border(line) else line


def _edge_rule(line: str) -> str:
    """A rule line drawn between edge characters (psql's ``|----+----|``, ``│──┼──│``) with corners at its
    ends, so that it is a border; any other line as it is."""
    s = line.strip()
    if len(s) >= 3 and s[0] in _V and s[-1] in _V and any(c in _H for c in s) \
            and all(c in _H or _corner(c) for c in s[1:-1]):
        i = line.index(s[0])
        return line[:i] + _ASCII_CORNER + s[1:-1] + _ASCII_CORNER
    return line


def _ruled_body(grid: list[list[str]]) -> list[int]:
    """The grid's line indexes with a rule line (a border drawn from the line above: a corner under each edge
    character, a rule elsewhere) after each body line that is not followed by a border, when the table's body
    rows have no rules between them: one body band (the lines after the first inner border, or all the lines
    when there is none) of at least two lines, two of them with text in two cells or more (a single row whose
    label is wrapped over lines has its other cells' text on one line only: that band stays one row).  The
    grid is extended in place; the result maps each grid line to the drawn line it stands for."""
    height = len(grid)
    borders = [y for y in range(height) if _is_border_columns(grid[y])]
    origin = list(range(height))
    if len(borders) < 2 or borders[0] != 0 or borders[-1] != height - 1:
        return origin
    inner = borders[1:-1]
    if len(inner) > 1:
        return origin
    top = inner[0] if inner else 0
    band = list(range(top + 1, height - 1))
    if len(band) < 2 or sum(_cells_with_text(grid[y]) >= 2 for y in band) < 2:
        return origin
    if any(_edges(grid[y]) != _edges(grid[band[0]]) for y in band):
        return origin
    rule = ["+" if ch in _V else "-" for ch in grid[band[0]]]
    out, lines = [], []
    for y in range(height):
        out.append(grid[y])
        lines.append(y)
        if y in band[:-1]:
            out.append(list(rule))
            lines.append(y)
    grid[:] = out
    return lines


def _is_border_columns(row: list[str]) -> bool:
    return is_border("".join(row))


def _edges(row: list[str]) -> list[int]:
    return [x for x, ch in enumerate(row) if ch in _V]


def _cells_with_text(row: list[str]) -> int:
    edges = _edges(row)
    return sum(bool("".join(row[a + 1:b]).strip()) for a, b in zip(edges, edges[1:]))


def _columns(line: str, wide_ambiguous: bool) -> list[str]:
    """The line as display columns: a wide character, then "" for its second column."""
    out: list[str] = []
    for ch in line:
        if unicodedata.combining(ch):
            if out:
                out[-1 if out[-1] else -2] += ch
            continue
        w = unicodedata.east_asian_width(ch)
        out.append(ch)
        if w in ("W", "F") or (wide_ambiguous and w == "A"):
            out.append("")
    return out


def _scan(grid: list[list[str]]) -> list[tuple[int, int, int, int]] | None:
    """The cells (top, left, bottom, right) of a drawn table (its lines as display columns, padded), or None
    when the lines are not a complete grid of closed rectangles."""
    height, width = len(grid), len(grid[0])

    def at(y, x):
        return grid[y][x]

    def scan_cell(top, left):
        for right in range(left + 1, width):
            ch = at(top, right)
            if _corner(ch):
                found = scan_down(top, left, right)
                if found:
                    return found
            elif ch not in _H:
                return None
        return None

    def scan_down(top, left, right):
        for bottom in range(top + 1, height):
            ch = at(bottom, right)
            if _corner(ch):
                if scan_left(top, left, bottom, right):
                    return bottom, right
            elif ch not in _V:
                return None
        return None

    def scan_left(top, left, bottom, right):
        for x in range(right - 1, left, -1):
            ch = at(bottom, x)
            if not (ch in _H or _corner(ch)):
                return False
        if not _corner(at(bottom, left)):
            return False
        for y in range(bottom - 1, top, -1):
            ch = at(y, left)
            if not (ch in _V or _corner(ch)):
                return False
        return True

    cells = []
    seen = set()
    todo = [(0, 0)]
    while todo:
        top, left = todo.pop()
        if (top, left) in seen or top >= height - 1 or left >= width - 1:
            continue
        seen.add((top, left))
        if not _corner(at(top, left)):
            continue
        found = scan_cell(top, left)
        if found is None:
            continue
        bottom, right = found
        cells.append((top, left, bottom, right))
        if len(cells) > MAX_CELLS:
            return None
        todo += [(top, right), (bottom, left)]
    if not cells:
        return None
    ys = sorted({c[0] for c in cells} | {c[2] for c in cells})
    xs = sorted({c[1] for c in cells} | {c[3] for c in cells})
    if ys[0] != 0 or ys[-1] != height - 1 or xs[0] != 0 or xs[-1] != width - 1:
        return None
    yi = {y: i for i, y in enumerate(ys)}
    xi = {x: i for i, x in enumerate(xs)}
    covered = [[0] * (len(xs) - 1) for _ in range(len(ys) - 1)]
    for top, left, bottom, right in cells:
        for r in range(yi[top], yi[bottom]):
            for c in range(xi[left], xi[right]):
                covered[r][c] += 1
    if any(n != 1 for row in covered for n in row):
        return None
    return cells


def _join(parts: list[str]) -> str:
    """A cell's lines as one text: no space where either side is not ASCII (CJK wraps anywhere), one space
    between ASCII words (a number cut in two stays two numbers, never one guessed number)."""
    out = ""
    for p in parts:
        if out and p:
            out += " " if out[-1].isascii() and p[0].isascii() else ""
        out += p
    return out


def _table(lines: list[str], rows_by_line: bool = False):
    """(display grid, cells, each grid line's index among ``lines``) of a drawn table, or None.
    ``rows_by_line``: a body without rules between its rows is a row per line (:func:`_ruled_body`)."""
    if len(lines) > MAX_TABLE_LINES:
        return None
    indent = min(len(x) - len(x.lstrip()) for x in lines)
    body = [_edge_rule(_border_line(x[indent:].rstrip())) for x in lines]
    for wide_ambiguous in (False, True):
        grid = [_columns(x, wide_ambiguous) for x in body]
        width = max(len(g) for g in grid)
        if width > MAX_TABLE_WIDTH or width * len(grid) > MAX_TABLE_AREA:
            return None
        grid = [g + [" "] * (width - len(g)) for g in grid]
        origin = _ruled_body(grid) if rows_by_line else list(range(len(grid)))
        cells = _scan(grid)
        if cells is not None:
            return grid, cells, origin
    return None


def _text(grid, top, left, bottom, right) -> tuple[str, int | None]:
    """A cell's text (its lines joined) and the index of its first line with text."""
    parts, first = [], None
    for y in range(top + 1, bottom):
        text = "".join(grid[y][left + 1:right]).strip()
        if text:
            parts.append(text)
            first = y if first is None else first
    return _join(parts), first


def _lines_of(cells) -> tuple[list[int], list[int], dict[int, int], dict[int, int]]:
    """The grid's row and column borders (sorted) and each border's index, from its cells' rectangles."""
    ys = sorted({c[0] for c in cells} | {c[2] for c in cells})
    xs = sorted({c[1] for c in cells} | {c[3] for c in cells})
    return ys, xs, {y: i for i, y in enumerate(ys)}, {x: i for i, x in enumerate(xs)}


def grid_html(lines: list[str]) -> str | None:
    """A drawn table as one line of HTML (``<table>`` with its rowspan/colspan), or None when ``lines`` are
    not a complete grid: the Markdown reader reads a pandoc grid table as the HTML table it stands for."""
    import html  # here: html.entities' table costs a text report's start ~1 ms (cold start, issue 16)
    found = _table(lines)
    if found is None:
        return None
    grid, cells, _ = found
    ys, xs, yi, xi = _lines_of(cells)
    rows: list[list[str]] = [[] for _ in range(len(ys) - 1)]
    for top, left, bottom, right in sorted(cells, key=lambda c: (c[0], c[1])):
        text, _ = _text(grid, top, left, bottom, right)
        rs, cs = yi[bottom] - yi[top], xi[right] - xi[left]
        span = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
        rows[yi[top]].append(f"<td{span}>{html.escape(text)}</td>")
    return "<table>" + "".join(f"<tr>{''.join(r)}</tr>" for r in rows) + "</table>"


def read_grid(lines: list[str], first_line: int, source: str, table: int) -> list[RowBlock] | None:
    """The rows of one drawn table (``lines``: from its top border to its bottom border; ``first_line``: the
    1-based line of the first), or None when they are not a complete grid."""
    found = _table(lines, rows_by_line=True)
    if found is None:
        return None
    grid, cells, origin = found
    ys, xs, yi, xi = _lines_of(cells)
    rows: list[list[RawCell | None]] = [[None] * (len(xs) - 1) for _ in range(len(ys) - 1)]
    for top, left, bottom, right in cells:
        text, first = _text(grid, top, left, bottom, right)
        line = first_line + origin[first if first is not None else top + 1]
        r, c = yi[top], xi[left]
        for rr in range(r, yi[bottom]):
            for cc in range(c, xi[right]):
                if rr == r and cc == c:
                    rows[rr][cc] = RawCell(text, Location(source=source, line=line,
                                                                  where=f"第{line}行 第{cc + 1}栏"))
                else:
                    at = first_line + origin[ys[rr] + 1]
                    rows[rr][cc] = RawCell("", Location(source=source, line=at, where=f"第{at}行 第{cc + 1}栏"),
                                           spanned=True)
    out = []
    for r, row in enumerate(rows):
        line = first_line + origin[ys[r] + 1]
        out.append(RowBlock([c for c in row if c is not None], Location(source=source, line=line,
                                                                        where=f"第{line}行"), table=table))
    return out


def grid_tables(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) index ranges (end exclusive) of the drawn tables among ``lines``: from a border line
    through the lines starting at its column with a border or an edge character, to the last border line."""
    out = []
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if not is_border(line):
            i += 1
            continue
        col = len(line) - len(line.lstrip())
        j = i + 1
        last = i
        while j < n:
            x = lines[j]
            if len(x) <= col or x[:col].strip() or not _edge_char(x[col]):
                break
            if is_border(x):
                last = j
            j += 1
        if last > i:
            out.append((i, last + 1))
            i = last + 1
        else:
            i += 1
    return out
