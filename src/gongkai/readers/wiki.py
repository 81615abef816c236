"""Wiki tables in a text file: MediaWiki (``{| … |}``), MoinMoin (``|| a || b ||``) and Textile (``|_. a |<. 2 |``).

Read line by line as pipe rows, their cells shift: MediaWiki separates a row's cells with “||” (read as two
pipes with a blank between) or puts one cell on a line (``| 2``), its rows start with ``|-``, a cell may carry
attributes before a single “|” (``rowspan="2" | 三、本年度办理结果``) and header cells start with “!”; MoinMoin
rows start and end with “||”, an empty ``||||`` spanning the next cell over two columns, ``<-2>``/``<|2>``
spans; Textile cells start with alignment and span prefixes (``_.`` header, ``<.`` left, ``\\2.`` two columns,
``/3.`` three rows).  :func:`wiki_tables` finds such blocks by their content and returns their rows as grid rows
(``RowBlock.table`` set), a cell spanning columns or rows followed (or, below, preceded) by placeholders for the
places it covers, as an HTML table's.  A block that cannot be read cell for cell (a nested table, a span past
the limits) yields no rows at all: its numbers stay unread, never shifted.  A pure function.
"""

from __future__ import annotations

import re

from ..report import Location
from .base import RawCell, RowBlock

_MAX_CELLS = 20000
_MAX_AREA = 200000  # the places a table's cells cover, spans included
_MAX_COLUMNS = 200  # a table wider than this is not a report's table (and a span never costs more than this)

# --- the cells' own markup --------------------------------------------------------------------------------------

_BREAK = re.compile(r"<br\s*/?>", re.I)
_EMPHASIS = re.compile(r"'{2,5}")
_SPAN_ATTR = re.compile(r"""\b(colspan|rowspan)\s*=\s*["']?\s*(\d{1,6})""", re.I)


def _cell_text(text: str) -> str:
    """A cell's text without wiki emphasis (''' bold ''', '' italic ''), comments and line breaks."""
    if "<" in text:
        text = _BREAK.sub(" ", _without_comments(text))
    if "''" in text:
        text = _EMPHASIS.sub("", text)
    return " ".join(text.replace("&nbsp;", " ").split())


def _without_comments(text: str) -> str:
    """``text`` less its ``<!-- … -->`` comments (a scan: an unclosed “<!--” repeated costs no quadratic time)."""
    out, k = [], 0
    while (a := text.find("<!--", k)) >= 0 and (b := text.find("-->", a + 4)) >= 0:
        out.append(text[k:a])
        k = b + 3
    return "".join(out) + text[k:]


def _masked(text: str) -> str:
    """``text`` with the pipes inside ``[[link|text]]`` and ``{{template|…}}`` hidden (same length)."""
    if "[[" not in text and "{{" not in text:
        return text
    out, k = [], 0
    while True:  # (a scan, not a lazy pattern: an unclosed “[[” repeated costs no quadratic time)
        starts = [x for x in (text.find("[[", k), text.find("{{", k)) if x >= 0]
        if not starts:
            break
        a = min(starts)
        b = text.find("]]" if text[a] == "[" else "}}", a + 2)
        if b < 0:
            break
        out.append(text[k:a] + text[a:b + 2].replace("|", "\x00"))
        k = b + 2
    return "".join(out) + text[k:]


def _split(text: str, sep: str) -> list[str]:
    masked = _masked(text)
    out, k = [], 0
    for part in masked.split(sep):
        out.append(text[k:k + len(part)])
        k += len(part) + len(sep)
    return out


# --- placing cells with spans on a grid ---------------------------------------------------------------------------

Cell = tuple  # (text, colspan, rowspan, 1-based line)


def _placed(rows: list[list[Cell]], source: str, table: int) -> list[RowBlock] | None:
    """Grid rows of ``rows`` (each a list of cells in reading order): a spanning cell followed by placeholders
    for the columns it covers, and the rows below it holding placeholders where it reaches (a rowspan past the
    table's last row stops there, as a browser draws it).  None when a span goes past the limits."""
    rows = [r for r in rows if r]
    if not rows or sum(len(r) for r in rows) > _MAX_CELLS:
        return None if rows else []
    covered: dict[tuple[int, int], Location] = {}
    area = 0  # places covered by spans, in all: bounded (a hostile file's many huge spans cost nothing)
    out: list[RowBlock] = []
    for r, cells in enumerate(rows):
        placed: list[RawCell] = []
        c = 0
        for text, colspan, rowspan, ln in cells:
            while (r, c) in covered:
                placed.append(RawCell("", covered[(r, c)], spanned=True))
                c += 1
            if colspan < 1 or rowspan < 1 or c + colspan > _MAX_COLUMNS:
                return None
            loc = Location(source=source, line=ln, where=f"第{ln}行 第{c + 1}栏")
            placed.append(RawCell(_cell_text(text), loc))
            placed.extend(RawCell("", loc, spanned=True) for _ in range(colspan - 1))
            area += colspan * min(rowspan, len(rows) - r)
            if area > _MAX_AREA:
                return None
            for dr in range(1, min(rowspan, len(rows) - r)):
                for dc in range(colspan):
                    covered[(r + dr, c + dc)] = loc
            c += colspan
        while (r, c) in covered:  # the row's last places are covered from above
            placed.append(RawCell("", covered[(r, c)], spanned=True))
            c += 1
        ln = cells[0][3]
        out.append(RowBlock(placed, Location(source=source, line=ln, where=f"第{ln}行"), table=table))
    return out


# --- MediaWiki ----------------------------------------------------------------------------------------------------

_MW_OPEN = re.compile(r"^\s*(?::*)\{\|")
_MW_CLOSE = re.compile(r"^\s*\|\}")
_QUOTED = re.compile(r""""[^"]*"|'[^']*'""")
_ATTR_TOKEN = re.compile(r"[\w:-]+(?:=[^\s=]+)?")


def _is_attributes(text: str) -> bool:
    """Whether ``text`` is HTML attributes (``colspan="2" style="x"``): each word a name or name=value (tested
    word by word: no pattern to backtrack over a long cell)."""
    words = re.sub(r"\s*=\s*", "=", _QUOTED.sub("Q", text)).split()
    return bool(words) and "=" in text and all(_ATTR_TOKEN.fullmatch(w) for w in words)


def _mw_cell(part: str, ln: int) -> Cell:
    """One MediaWiki cell: attributes before a single “|” (not “||”, outside links) give its spans."""
    masked = _masked(part)
    k = masked.find("|")
    if k >= 0 and _is_attributes(part[:k]):
        attrs, text = part[:k], part[k + 1:]
        spans = {m.group(1).lower(): int(m.group(2)) for m in _SPAN_ATTR.finditer(attrs)}
        return text, spans.get("colspan", 1), spans.get("rowspan", 1), ln
    return part, 1, 1, ln


def _mediawiki_rows(lines: list[str], first_line: int) -> list[list[Cell]] | None:
    """The rows of a MediaWiki table's lines between ``{|`` and ``|}``; None for a nested table."""
    rows: list[list[Cell]] = []
    cur: list[Cell] | None = None
    in_caption = False
    for k, line in enumerate(lines):
        s = line.strip()
        ln = first_line + k
        if not s:
            continue
        if _MW_OPEN.match(s):
            return None
        if s.startswith("|+"):
            in_caption = True
            continue
        if s.startswith("|-"):
            cur, in_caption = [], False
            rows.append(cur)
            continue
        if s[0] in "|!":
            in_caption = False
            if cur is None:
                cur = []
                rows.append(cur)
            body = s[1:]
            parts = _split(body, "||")
            if s[0] == "!":
                parts = [p for part in parts for p in _split(part, "!!")]
            cur.extend(_mw_cell(p, ln) for p in parts)
            continue
        if cur and not in_caption:  # the last cell's text continued on this line
            text, colspan, rowspan, first = cur[-1]
            cur[-1] = (text + " " + s, colspan, rowspan, first)
    return rows


def _mediawiki_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each outermost ``{| … |}`` block (end one past its closing line)."""
    out = []
    depth, start = 0, 0
    for i, line in enumerate(lines):
        if _MW_OPEN.match(line):
            if depth == 0:
                start = i
            depth += 1
        elif depth and _MW_CLOSE.match(line):
            depth -= 1
            if depth == 0:
                out.append((start, i + 1))
    return out


# --- MoinMoin -----------------------------------------------------------------------------------------------------

_MOIN_ROW = re.compile(r"^\s*\|\|.*\|\|\s*$")
_MOIN_ATTR = re.compile(r"^\s*<([^<>\n]{1,200})>")
_MOIN_WORD = re.compile(r"(?:[-|]\d{1,6}|[():^v])+|#[0-9a-fA-F]{3,6}|[\w-]+=\S+")


def _moin_attributes(inner: str) -> bool:
    """Whether ``inner`` (between “<” and “>” at a cell's start) is MoinMoin cell markup: spans, alignment,
    colours, name=value — word by word."""
    words = re.sub(r"\s*=\s*", "=", _QUOTED.sub("Q", inner)).split()
    return bool(words) and all(_MOIN_WORD.fullmatch(w) for w in words)


def _is_moin_row(line: str) -> bool:
    """A MoinMoin row: starts and ends with “||”, and no single “|” separates cells (a Markdown row whose
    first cell is blank, “|| 2 | 3 |”, is not one)."""
    return bool(_MOIN_ROW.match(line)) and "|" not in re.sub(r"<[^<>]*>", "", _masked(line)).replace("||", "")


def _moin_rows(lines: list[str], first_line: int) -> list[list[Cell]]:
    rows = []
    for k, line in enumerate(lines):
        body = line.strip()[2:-2]
        cells: list[Cell] = []
        span = 1  # “||||”: the next cell spans one more column per empty cell
        for part in _split(body, "||"):
            if part == "":
                span += 1
                continue
            colspan, rowspan = span, 1
            m = _MOIN_ATTR.match(part)
            while m and _moin_attributes(m.group(1)):
                for attr in re.findall(r"[-|]\d+|(?:col|row)span\s*=\s*[\"']?\d+", m.group(1)):
                    if attr[0] == "-":
                        colspan = int(attr[1:])
                    elif attr[0] == "|":
                        rowspan = int(attr[1:])
                    else:
                        n = int(re.search(r"\d+", attr).group(0))
                        colspan, rowspan = (n, rowspan) if attr.lower().startswith("col") else (colspan, n)
                part = part[m.end():]
                m = _MOIN_ATTR.match(part)
            cells.append((part, colspan, rowspan, first_line + k))
            span = 1
        rows.append(cells)
    return rows


# --- Textile ------------------------------------------------------------------------------------------------------

#: a Textile cell's prefix: header, alignment, span, style, class and language modifiers, then “.” and a space
_TEXTILE_PREFIX = re.compile(r"^((?:[_<>=^~-]|\\\d{1,6}|/\d{1,6}|\{[^}]*\}|\([^)]*\)|\[[^\]]*\])+)\.(?:\s|$)")
_TEXTILE_ROW = re.compile(r"^\s*(?:(?:[<>=^~_-]|\{[^}]*\}|\([^)]*\)|\[[^\]]*\])+\.\s*)?\|.*\|\s*$")
_TEXTILE_SIGN = re.compile(r"\|(?:[_<>=^~]|\\\d+|/\d+)+\.[ |]")


def _textile_rows(lines: list[str], first_line: int) -> list[list[Cell]]:
    rows = []
    for k, line in enumerate(lines):
        body = line.strip()
        body = body[body.index("|") + 1:body.rindex("|")]  # (row modifiers before the first “|” dropped)
        cells: list[Cell] = []
        for part in _split(body, "|"):
            colspan = rowspan = 1
            m = _TEXTILE_PREFIX.match(part.lstrip())
            if m:
                for n in re.findall(r"[\\/]\d+", m.group(1)):
                    if n[0] == "\\":
                        colspan = int(n[1:])
                    else:
                        rowspan = int(n[1:])
                part = part.lstrip()[m.end():]
            cells.append((part, colspan, rowspan, first_line + k))
        rows.append(cells)
    return rows


# --- finding the blocks -------------------------------------------------------------------------------------------

def might_have_wiki_table(text: str) -> bool:
    return "{|" in text or "||" in text or bool(_TEXTILE_SIGN.search(text))


def wiki_tables(lines: list[str], first_line: int, source: str, first_table: int
                ) -> list[tuple[int, int, list[RowBlock] | None]]:
    """(start, end, rows) for every wiki table among ``lines`` (indices; end one past its last line): rows None
    when the block cannot be read cell for cell.  ``first_line``: the 1-based line number of ``lines[0]``."""
    found: list[tuple[int, int, str]] = [(s, e, "mediawiki") for s, e in _mediawiki_blocks(lines)]
    taken = {j for s, e, _ in found for j in range(s, e)}
    i = 0
    while i < len(lines):
        if i in taken:
            i += 1
            continue
        if _is_moin_row(lines[i]):
            j = i
            while j < len(lines) and j not in taken and _is_moin_row(lines[j]):
                j += 1
            # rows of a Markdown table whose cells are empty every other one ("||2||3||") are next to its
            # other rows: only a block standing on its own is MoinMoin
            if not (i and lines[i - 1].lstrip().startswith("|")
                    or j < len(lines) and lines[j].lstrip().startswith("|")):
                found.append((i, j, "moinmoin"))
            i = j
            continue
        if _TEXTILE_ROW.match(lines[i]):
            j = i
            while j < len(lines) and j not in taken and _TEXTILE_ROW.match(lines[j]):
                j += 1
            # Textile only when its cells say so (a Markdown table has a delimiter row and no cell prefixes)
            block = lines[i:j]
            if not any(re.match(r"^\s*\|?\s*:?-{3,}", x) for x in block) and \
                    any(_TEXTILE_SIGN.search(x) for x in block):
                found.append((i, j, "textile"))
            i = j
            continue
        i += 1
    out: list[tuple[int, int, list[RowBlock] | None]] = []
    number = first_table
    for s, e, kind in sorted(found):
        if kind == "mediawiki":
            rows = _mediawiki_rows(lines[s + 1:e - 1], first_line + s + 1)
        elif kind == "moinmoin":
            rows = _moin_rows(lines[s:e], first_line + s)
        else:
            rows = _textile_rows(lines[s:e], first_line + s)
        out.append((s, e, None if rows is None else _placed(rows, source, number)))
        number += 1
    return out

