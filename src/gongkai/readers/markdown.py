"""Markdown reader: a report written in Markdown → :class:`RawDocument` (``reader="markdown"``).

The text is parsed with markdown-it-py (CommonMark plus GFM pipe tables), rendered to HTML
and read by the HTML reader's block and grid logic (:mod:`gongkai.readers.html`), so a
heading "## 三、收到和处理政府信息公开申请情况" is a :class:`TextBlock` and each pipe-table
row a :class:`RowBlock`.  Raw HTML tables embedded in the Markdown are read as HTML tables.

Locations carry Markdown line numbers (1-based, ``Location.line``): every block token's
source line is written into the rendered HTML as ``data-md-line`` and read back.

Pipe tables are read as printed, not as GFM renders them: GFM pads a row with fewer cells
than the header with empty cells and drops cells beyond the header's width.  Here a padded
position is left out (the row is shorter: a cell that was not printed is not a blank cell),
and an extra cell is kept, with its Markdown source text.  A printed empty cell ``|  |`` is
``RawCell("")``.

Errors: :class:`ReadError` with a Chinese message for empty, oversized (20 MB), binary or
undecodable input and for a document without text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..report import Location
from ..textutil import nfkc
from .base import RawCell, RawDocument, ReadError, RowBlock, TextBlock, without_row_numbers
from .grid_text import grid_html, grid_tables, might_have_grid
from .ruler import ruler_rows
from .pipes import is_delimiter_row, split_pipe_row
from .html import MAX_BYTES, blocks_from_tree, check_bytes, clean_text, decode_bytes, parse_html
from .text import _BODY_MARK, _META, _META_KEYS
from .worded_values import worded_rows_as_pipes

LINE_ATTR = "data-md-line"
ROW_ATTR = "data-md-row"  # set on <tr> of pipe tables: the Markdown line of the row
UNPLACED_ATTR = "data-unplaced"  # set by the row hook on a <tr> whose values' columns are not known


HTML_ATTR = "data-md-html"  # on the <div> wrapped around a raw HTML block: its first Markdown line


def _render_html_block(self, tokens, idx, options, env) -> str:
    tok = tokens[idx]
    if tok.map is None:
        return tok.content
    return f'<div {HTML_ATTR}="{tok.map[0] + 1}">\n{tok.content}</div>\n'


def _render_hardbreak(self, tokens, idx, options, env) -> str:
    line = tokens[idx].attrGet(LINE_ATTR)
    return f'<br {LINE_ATTR}="{line}" />\n' if line else "<br />\n"


#: markdown-it rules that only start at one of these characters: a text without any of them is parsed alike
#: without the rule (it would try every line or every stop of the text, and never match)
_TRIGGERS = (("fence", "`~"), ("blockquote", ">"), ("reference", "["), ("html_block", "<"), ("escape", "\\"),
             ("backticks", "`"), ("emphasis", "*_"), ("link", "["), ("image", "!"), ("autolink", "<"),
             ("html_inline", "<"), ("entity", "&"))


#: the last character of a line, before spaces and tabs, that a setext heading's underline ends with (any other: no
#: line of the text is one), and that a thematic break ("---", "* * *") ends with
_SETEXT_END = re.compile(r"[=-][ \t]*(?:[\r\n]|\Z)")
_HR_END = re.compile(r"[-*_][ \t]*(?:[\r\n]|\Z)")
#: a list item's marker ("- ", "+ ", "* ", "1. ", "2) ") at a line's start or after a container's (">", spaces, another
#: marker), followed by a space, a tab or the line's end: without one anywhere, no line starts a list item
_LIST_MARKER = re.compile(r"(?:^|[ \t>\r\n])(?:[-+*]|[0-9]{1,9}[.)])(?:[ \t\r\n]|\Z)")


def _parser(text: str | None = None) -> MarkdownIt:
    """The parser (CommonMark and pipe tables); for ``text``, without the rules none of whose characters
    it holds, nor the block rules no line of it can start (the same tokens, parsed quicker): an indented code
    block needs a tab or four spaces, an ATX heading a "#", a setext heading's underline or a thematic break a line
    ending in its character, a list a marker; text_join has no escape or entity's text to join without a
    backslash or an ampersand (the text rule and the newline rule push no two text tokens in a row)."""
    if text is None:
        return _parser_without(())
    off = [name for name, chars in _TRIGGERS if not any(ch in text for ch in chars)]
    if "\t" not in text and "    " not in text:
        off.append("code")
    if "#" not in text:
        off.append("heading")
    if not _SETEXT_END.search(text):
        off.append("lheading")
    if not _HR_END.search(text):
        off.append("hr")
    if not _LIST_MARKER.search(text):
        off.append("list")
    if "\\" not in text and "&" not in text:
        off.append("text_join")
    return _parser_without(tuple(off))


#: every character at which an inline rule besides text may start (escape, backticks, emphasis, strikethrough, link,
#: image, autolink, html_inline, entity) or that ends a line (newline): an inline content without any is one text
_INLINE_SPECIAL = re.compile(r"[\n\\`*_~\[\]!<&]")


def _inline_rule(state) -> None:
    """markdown-it's core rule "inline" (each inline token's content parsed into its children), an inline content
    holding none of :data:`_INLINE_SPECIAL` (most table cells, a line of text) taken as the one text token that
    parsing it gives (the text rule reads every character into the pending text, pushed as one token at the end;
    the post-processing rules find no delimiter), and an empty one as none."""
    parse, md, env = state.md.inline.parse, state.md, state.env
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            content = token.content
            if not content:
                continue
            if _INLINE_SPECIAL.search(content) is None:
                token.children.append(Token("text", "", 0, content=content))
            else:
                parse(content, md, env, token.children)


@lru_cache(maxsize=64)
def _parser_without(rules: tuple[str, ...]) -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table")
    md.core.ruler.at("inline", _inline_rule)
    if rules:
        md.disable(list(rules))
    md.add_render_rule("html_block", _render_html_block)
    md.add_render_rule("hardbreak", _render_hardbreak)
    return md


def _annotate(tokens) -> None:
    """Write each block token's first source line (1-based) into its rendered attributes."""
    for tok in tokens:
        if tok.map is not None and tok.nesting == 1:
            tok.attrSet(LINE_ATTR, str(tok.map[0] + 1))
            if tok.type == "tr_open":
                tok.attrSet(ROW_ATTR, str(tok.map[0] + 1))


_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")


def _complete_pipe_tables(text: str) -> tuple[str, list[int]]:
    """Pipe rows that do not start a GFM table (no delimiter row under their first row — a converter prints
    a table's later rows after a floating label without one) get a delimiter row inserted after their first
    row, so they are read as table rows, not as a paragraph of "|" and digits.  Returns the text and the
    (1-based) line numbers of the inserted lines in it, to give every block its line in the file as printed."""
    if "|" not in text:
        return text, []
    lines = re.split(r"\r\n|\r|\n", text)
    starts: list[int] = []  # the rows after which a delimiter row goes (only a line with a "|" can be one)
    for i in [k for k, line in enumerate(lines) if "|" in line]:
        line = lines[i]
        if not _PIPE_ROW.match(line) or is_delimiter_row(line) or line.count("|") < 3:
            continue
        prev = lines[i - 1] if i else ""
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if _PIPE_ROW.match(prev) or is_delimiter_row(nxt):
            continue  # inside a table, or the header row of one
        starts.append(i)
    if not starts:
        return text, []
    out: list[str] = []
    inserted: list[int] = []
    done = 0
    for i in starts:
        out += lines[done:i + 1]
        out.append("|" + "---|" * len(split_pipe_row(lines[i])))
        inserted.append(len(out))
        done = i + 1
    out += lines[done:]
    return "\n".join(out), inserted


_DASHES = re.compile(r"^\s*:?-{3,}:?\s*$")


def _widen_pipe_tables(text: str) -> str:
    """A pipe table whose header and delimiter rows have fewer cells than its body rows (python-html2text's
    ``pad_tables`` prints a caption spanning the table, "| 第二十条第（一）项 |" over "| --- |", then rows of four
    cells): its one-cell header and delimiter rows padded with empty cells to the widest body row, so the table has the
    columns it prints (GFM cuts every row to the header's width: a one-column table is read as lines of text,
    and its numbers are lost).  Line for line (the line numbers stay); other tables are left as they are."""
    if "|" not in text or "-" not in text:
        return text
    lines = re.split(r"\r\n|\r|\n", text)
    changed = False
    # (only a line with a "-" can be a delimiter row or a line of dashes; a line is changed only at its own step
    # or the next one, so which lines hold one is known before)
    for i in [k for k, line in enumerate(lines) if k and "-" in line]:
        if "|" not in lines[i - 1] or not (is_delimiter_row(lines[i]) or _DASHES.match(lines[i])):
            continue  # (a line of dashes under a one-cell header with a pipe: html2text's "| 第二十条第（一）项" / "---")
        head = split_pipe_row(lines[i - 1])
        width = len(split_pipe_row(lines[i])) if "|" in lines[i] else 1
        if len(head) != 1 or width != 1:
            continue  # (only a caption over the table: a header of several cells names its columns itself)
        widest, k = width, i + 1  # (the body rows read only under a one-cell header: not every table's)
        while k < len(lines) and "|" in lines[k] and lines[k].strip() and not is_delimiter_row(lines[k]):
            widest = max(widest, len(split_pipe_row(lines[k])))
            k += 1
        if widest <= 1:
            continue
        outer = lines[i].strip().startswith("|")
        cells = head + [""] * (widest - len(head))
        lines[i - 1] = ("| " + " | ".join(cells) + " |") if outer else " | ".join(cells)
        lines[i] = ("|" + "---|" * widest) if outer else "|".join(["---"] * widest)
        changed = True
    return "\n".join(lines) if changed else text


def _ruled_tables_as_pipes(text: str) -> str:
    """pandoc's simple and multiline tables (a dash ruler gives each column's extent) rewritten as pipe rows,
    line for line (a ruler or a multiline row's later line becomes an empty line): their blank cells are kept
    as cells, which the space-aligned paragraph markdown-it makes of them loses."""
    if "--" not in text:
        return text
    lines = re.split(r"\r\n|\r|\n", text)
    ruled = ruler_rows(lines)
    if not ruled:
        return text
    for k, cells in ruled.items():
        lines[k] = "" if cells is None else "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"
    return "\n".join(lines)


def _restore_lines(blocks, inserted: list[int]) -> None:
    import bisect

    def orig(n):
        return n - bisect.bisect_left(inserted, n) if n else n

    from dataclasses import replace
    for b in blocks:
        if b.location.line:
            b.location = replace(b.location, line=orig(b.location.line))
        for c in getattr(b, "cells", ()):
            if c.location.line:
                c.location = replace(c.location, line=orig(c.location.line))


def _split_short_lines(tokens) -> None:
    """Markdown made from a PDF keeps the PDF's lines: prose wraps at a fixed width, while a table's
    labels and numbers stand on short lines of their own ("1.本机关不掌握相关政" / "府信息" / "行政许可 97").
    When the paragraphs' lines show such a fixed width, a soft break after a line shorter than it ends
    the block there (a hard break), as the text reader does for ``pdftotext`` text; a paragraph written
    by hand (no fixed width) stays one block."""
    widths = sorted(len(line.strip()) for tok in tokens if tok.type == "inline" and tok.map is not None
                    for line in tok.content.split("\n") if line.strip())
    if len(widths) < 10:
        return
    typical = widths[int(len(widths) * 0.9)]  # a full line of prose (table labels are short lines)
    if typical > 80 or typical < 12:  # one paragraph per line (written by hand): nothing was wrapped
        return
    full = int(typical * 0.85)
    for tok in tokens:
        if tok.type != "inline" or not tok.children:
            continue
        length = 0
        line = tok.map[0] + 1 if tok.map else None
        for child in tok.children:
            if child.type in ("softbreak", "hardbreak"):
                if line is not None:
                    line += 1
                if child.type == "softbreak" and length < full:
                    child.type = "hardbreak"
                    if line is not None:  # the text after the break starts on this line of the file
                        child.attrSet(LINE_ATTR, str(line))
                length = 0
            else:
                length += len((child.content or "").strip())


def _line_of(el) -> int | None:
    """The Markdown line of ``el``: its own ``data-md-line`` or its nearest ancestor's; inside
    a raw HTML block, the block's first line plus the element's line offset in the block."""
    node = el
    while node is not None:
        if isinstance(node.tag, str):
            value = node.get(LINE_ATTR)
            if value and value.isdigit():
                return int(value)
            start = node.get(HTML_ATTR)
            if start and start.isdigit():
                # the wrapper's own line holds only "<div …>"; the block starts on the next one
                if el.sourceline and node.sourceline:
                    return int(start) + max(el.sourceline - node.sourceline - 1, 0)
                return int(start)
        node = node.getparent()
    return None


def _outer_pipes(lines: list[str], n: int, table_rows) -> tuple[int, int] | None:
    """How many empty cells the outer pipes of row line ``n`` stand for, (before, after): (0, 0) in GFM's reading
    (an outer pipe is a border).  In a table printed without outer pipes (its delimiter row has none) a pipe at
    the start or the end of a row is a cell boundary: python-html2text writes a row whose first cell is empty as
    "| | | 1| 0| 2" and one whose last cell is empty as "行政强制| ".  None when the table's other body rows have
    as many cells as GFM's reading gives and none as many as this one: the two readings disagree, neither is
    taken.  ``table_rows()``: the Markdown lines of the table's rows, None when the row is in no table."""
    line = lines[n - 1].strip()
    lead, trail = line.startswith("|"), line.endswith("|") and not line.endswith("\\|")
    if not (lead or trail):
        return 0, 0
    numbers = table_rows()
    if numbers is None:
        return 0, 0
    if not numbers or numbers[0] >= len(lines):
        return 0, 0
    delimiter = lines[numbers[0]].strip()
    if delimiter.startswith("|") or delimiter.endswith("|"):
        return 0, 0  # the table prints outer pipes: so may every row
    border = len(split_pipe_row(line))
    own = border + lead + trail
    others = {len(split_pipe_row(lines[m - 1])) for m in numbers[1:] if m != n and m <= len(lines)
              and not lines[m - 1].strip().startswith("|") and not lines[m - 1].strip().endswith("|")}
    if border in others and own not in others:
        return None
    return int(lead), int(trail)


_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"  # "2,756" too
#: "30件 9件": a count printed with its unit, as in the cells it came from; "/<br>/": two cells' marks
_COUNTED = rf"(?:{_NUMBER}件?|[/／])"
_NUMBER_GROUPS = re.compile(rf"^{_COUNTED}(?:\s+{_COUNTED})+$")
_NO_ASCII_SPACE = re.compile(r"[^\s]*")  # (of an ASCII text: no character \s matches)


def _merged_numbers(cells: list[RawCell]) -> list[RawCell] | None:
    """A row with cells holding several numbers apart ("| 22 10 |", "| 5 38 |", "２<br>９<br>２"): a converter
    put the numbers of several cells (or of several rows, or a number wrapped over lines) into one pipe cell, and
    "22 10" must not be read as 2210.  Returns the row's printed cells, each number its own cell, the empty cells
    left out (which cells were empty is not known): read unplaced, they are taken only when they are as many as
    the row's cells in the format and the row's totals hold, else the row is unread.  Digits spread by character
    spacing ("| 1 0 | 0 0 |" may be 10 and 0 or 1, 0, 0, 0) cannot be told from numbers put together: they are
    read so too — never joined.  None when no cell holds numbers apart."""
    if not any(_NUMBER_GROUPS.match(nfkc(c.text).strip()) for c in cells
               if not (c.text.isascii() and _NO_ASCII_SPACE.fullmatch(c.text))):
        return None  # (an ASCII cell without whitespace is its own NFKC and holds no numbers apart: not tried)
    out: list[RawCell] = []
    for c in cells:
        text = nfkc(c.text).strip()
        if _NUMBER_GROUPS.match(text):
            out.extend(RawCell(g, c.location) for g in text.split())
        elif c.text.strip():
            out.append(c)
    return out


def _table_rows_of(tr):
    """The Markdown lines of the rows of ``tr``'s table (lxml's tree), None when ``tr`` is in no table."""
    table = tr.getparent()
    while table is not None and table.tag != "table":
        table = table.getparent()
    if table is None:
        return None
    return [int(x) for x in (row.get(ROW_ATTR) for row in table.iter("tr")) if x and x.isdigit()]


def _row_cells(lines: list[str], source: str, n: int, cells: list[RawCell], t: int, r: int,
               table_rows) -> tuple[list[RawCell], bool] | None:
    """The cells of the pipe row on Markdown line ``n`` (``cells``: as GFM reads them), as printed, and whether
    their columns are not known (read unplaced); None when the row is no row of the report."""
    if is_delimiter_row(lines[n - 1]):
        return None  # a delimiter row GFM took for a body row: not a row of the report
    if n < len(lines) and is_delimiter_row(lines[n]) and not any(c.text.strip() for c in cells) \
            and not any(p.strip() for p in split_pipe_row(lines[n - 1])):
        return None  # an empty header row (pandoc's for a table without one): no row of the report
    printed = split_pipe_row(lines[n - 1])
    if len(printed) < len(cells):  # GFM padded this row: those cells were never printed
        cells = cells[:len(printed)]
    for c in range(len(cells), len(printed)):  # GFM dropped these: keep them as printed
        cells.append(RawCell(clean_text(printed[c]),
                             Location(source=source, line=n, where=f"第{t + 1}个表格 第{r + 1}行 第{c + 1}列")))
    merged = _merged_numbers(cells)
    if merged is not None:  # several numbers in one cell: where each stands is not known
        return merged, True
    outer = _outer_pipes(lines, n, table_rows)
    if outer is None:  # the row's values stand in columns that cannot be told: read them unplaced
        return [c for c in cells if c.text.strip()], True
    lead, trail = outer
    if lead or trail:
        def empty(c):
            return RawCell("", Location(source=source, line=n, where=f"第{t + 1}个表格 第{r + 1}行 第{c}列"))
        cells = [empty(1)] * lead + cells + [empty(len(cells) + lead + 1)] * trail
    return cells, False


def _row_hook(lines: list[str], source: str):
    def hook(tr, cells: list[RawCell], t: int, r: int) -> list[RawCell] | None:
        row_line = tr.get(ROW_ATTR)
        if not row_line or not row_line.isdigit() or int(row_line) > len(lines):
            return cells  # an HTML table inside the Markdown: read as HTML
        read = _row_cells(lines, source, int(row_line), cells, t, r, lambda: _table_rows_of(tr))
        if read is None:
            return None
        cells, unplaced = read
        if unplaced:
            tr.set(UNPLACED_ATTR, "1")
        return cells

    return hook


#: the token types :func:`_blocks_from_tokens` reads (any other: the tokens are rendered and read as HTML)
_QUICK_BLOCKS = frozenset({"paragraph_open", "heading_open", "hr", "table_open"})
_QUICK_TABLE = frozenset({"thead_open", "thead_close", "tbody_open", "tbody_close", "tr_close", "th_open",
                          "th_close", "td_open", "td_close"})
#: characters whose way through lxml's HTML parser is not known to keep them as they are (controls, surrogates,
#: non-characters), and "&" (an entity markdown-it decodes may be any of them): Markdown holding any is read
#: through the HTML ("\r" is none: markdown-it makes every line break "\n" before any rule reads the text)
_NOT_QUICK = re.compile("[&\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
#: more table cells than this in a document: read through the HTML (its walker bounds the cells of a document)
_QUICK_MAX_CELLS = 100_000


class _Tok:
    """A token of :func:`_simple_tokens`: what this reader reads of a markdown-it token."""

    __slots__ = ("type", "tag", "nesting", "map", "content", "children", "attrs")

    def __init__(self, type: str, tag: str = "", nesting: int = 0, map: list | None = None, content: str = "",
                 children: list | None = None):
        self.type, self.tag, self.nesting, self.map = type, tag, nesting, map
        self.content, self.children, self.attrs = content, children, {}

    def attrSet(self, name: str, value) -> None:
        self.attrs[name] = value

    def attrGet(self, name: str):
        return self.attrs.get(name)


#: a character at which a block or inline rule other than paragraph, table, ATX heading, text and newline may
#: start, a tab, or four spaces (an indented code block): Markdown holding any is parsed by markdown-it
_NOT_SIMPLE = re.compile(r"[`~>\[<\\*_!&\t]| {4}")
#: what markdown-it's mdTrim strips (CommonMark's whitespace, as JavaScript's trim)
_TRIM = "".join(chr(c) for c in sorted({0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, 0x202F, 0x205F, 0x3000,
                                        0x2028, 0x2029, *range(0x2000, 0x200B)}))
_DELIMITER_REST = re.compile(r"[-|: \t]*")
_DELIMITER_CELL = re.compile(r":?-+:?")
_MAX_AUTOCOMPLETED = 0x10000  # (markdown-it's bound on the empty cells it adds to a table's short rows)


def _inline_children(content: str) -> list:
    """The children markdown-it's text and newline rules make of an inline content: text, and at each line break a
    hard break (two spaces or more before it, taken off) or a soft break (one space before it taken off); the
    spaces and tabs starting the next line skipped."""
    if "\n" not in content:
        return [_Tok("text", content=content)] if content else []
    children = []
    parts = content.split("\n")
    pending = parts[0]
    for part in parts[1:]:
        kind = "softbreak"
        if pending.endswith("  "):
            pending, kind = pending.rstrip(" "), "hardbreak"
        elif pending.endswith(" "):
            pending = pending[:-1]
        if pending:
            children.append(_Tok("text", content=pending))
        children.append(_Tok(kind, "br"))
        pending = part.lstrip(" \t")
    if pending:
        children.append(_Tok("text", content=pending))
    return children


def _simple_tokens(text: str) -> list | None:
    """The tokens markdown-it gives Markdown of paragraphs, ATX headings and pipe tables only — text without any
    character another rule starts at (:data:`_NOT_SIMPLE`), no line a setext underline, a thematic break or a
    list item could be, and nothing :data:`_NOT_QUICK` sends through the HTML — made here, line by line, as
    markdown-it's block rules table, heading and paragraph and its inline rules text and newline make them (the
    table rule's th/td and thead/tbody tokens and the cells' alignment left out: this reader reads none of them);
    None for any other text."""
    if _NOT_SIMPLE.search(text) or _NOT_QUICK.search(text) or _SETEXT_END.search(text) or _HR_END.search(text) \
            or _LIST_MARKER.search(text):
        return None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines[-1].strip(" "):  # (markdown-it counts no last line of spaces only, nor the empty rest after "\n")
        lines.pop()
    n = len(lines)
    shift = [len(x) - len(x.lstrip(" ")) for x in lines]  # (no tab: the leading spaces are the indent, at most 3)
    empty = [k == len(x) for k, x in zip(shift, lines)]

    def table_head(s: int) -> list[str] | None:
        """The header cells of a table starting on line ``s`` (its delimiter row below it), else None."""
        if s + 2 > n:
            return None
        body = lines[s + 1][shift[s + 1]:]
        if len(body) < 2 or body[0] not in "|-:" or body[1] not in "|-: \t" or (body[0] == "-" and body[1] in " \t") \
                or not _DELIMITER_REST.fullmatch(body, 2):
            return None
        columns = body.split("|")
        aligns = 0
        for k, column in enumerate(columns):
            t = column.strip(_TRIM)
            if not t:
                if k == 0 or k == len(columns) - 1:
                    continue
                return None
            if not _DELIMITER_CELL.fullmatch(t):
                return None
            aligns += 1
        head = lines[s][shift[s]:].strip(_TRIM)
        if "|" not in head:
            return None
        cells = head.split("|")
        if cells and cells[0] == "":
            cells.pop(0)
        if cells and cells[-1] == "":
            cells.pop()
        return cells if cells and len(cells) == aligns else None

    def heading(s: int) -> tuple[int, str] | None:
        """(level, content) of an ATX heading on line ``s``, else None."""
        line, pos = lines[s], shift[s]
        if pos >= len(line) or line[pos] != "#":
            return None
        level, pos = 1, pos + 1
        while pos < len(line) and line[pos] == "#" and level <= 6:
            level, pos = level + 1, pos + 1
        if level > 6 or (pos < len(line) and line[pos] not in " \t"):
            return None
        end = len(line)
        while end > pos and line[end - 1] in " \t":
            end -= 1
        closing = end
        while closing > pos and line[closing - 1] == "#":
            closing -= 1
        if closing > pos and line[closing - 1] in " \t":
            end = closing
        return level, line[pos:end].strip(_TRIM)

    tokens: list = []
    s = 0
    while s < n:
        while s < n and empty[s]:
            s += 1
        if s >= n:
            break
        head = table_head(s)
        if head is not None:
            count = len(head)
            table = _Tok("table_open", "table", 1, [s, 0])
            tokens.append(table)
            tokens.append(_Tok("tr_open", "tr", 1, [s, s + 1]))
            for cell in head:
                content = cell.strip(_TRIM)
                tokens.append(_Tok("inline", "", 0, [s, s + 1], content, _inline_children(content)))
            k, added = s + 2, 0
            while k < n:
                if heading(k) is not None:
                    break
                row = lines[k][shift[k]:].strip(_TRIM)
                if not row:
                    break
                cells = row.split("|")
                if cells and cells[0] == "":
                    cells.pop(0)
                if cells and cells[-1] == "":
                    cells.pop()
                added += count - len(cells)
                if added > _MAX_AUTOCOMPLETED:
                    break
                tokens.append(_Tok("tr_open", "tr", 1, [k, k + 1]))
                for c in range(count):
                    content = cells[c].strip(_TRIM) if c < len(cells) and cells[c] else ""
                    tokens.append(_Tok("inline", "", 0, [k, k + 1], content, _inline_children(content)))
                k += 1
            table.map[1] = k
            tokens.append(_Tok("table_close", "table", -1))
            s = k
        else:
            found = heading(s)
            if found is not None:
                level, content = found
                tokens.append(_Tok("heading_open", f"h{level}", 1, [s, s + 1]))
                tokens.append(_Tok("inline", "", 0, [s, s + 1], content, _inline_children(content)))
                tokens.append(_Tok("heading_close", f"h{level}", -1))
                s += 1
            else:  # a paragraph: up to an empty line, a table's start or a heading
                k = s + 1
                while k < n and not empty[k] and table_head(k) is None and heading(k) is None:
                    k += 1
                content = "\n".join(lines[s:k]).strip(_TRIM)
                tokens.append(_Tok("paragraph_open", "p", 1, [s, k]))
                tokens.append(_Tok("inline", "", 0, [s, k], content, _inline_children(content)))
                tokens.append(_Tok("paragraph_close", "p", -1))
                s = k
        if s < n and empty[s]:
            s += 1
    return tokens


def _blocks_from_tokens(tokens, lines: list[str], source: str) -> list | None:
    """The blocks that the rendered HTML of ``tokens`` gives through the HTML reader's walker (as
    :func:`gongkai.readers.html.blocks_from_tree` reads it with this module's line and row hooks), read from the
    tokens themselves — for tokens of paragraphs, headings, thematic breaks and pipe tables whose inline content
    is text and line breaks only; None for any other token (the caller renders and reads the HTML).

    What the walk makes of each: a paragraph or heading is a text block, cut at each hard line break (a soft
    break is a line break in its text), each piece on the line of its start; a table of two columns or more is
    a table (:func:`_row_cells` on each row), one of a single column a layout table, each cell a text block."""
    blocks: list = []
    paragraphs = tables = 0

    def text_block(parts: list[str], line: int) -> None:
        nonlocal paragraphs
        text = clean_text("".join(parts))
        if text:
            paragraphs += 1
            blocks.append(TextBlock(text, Location(source=source, line=line, where=f"第{paragraphs}段")))

    i, end, cells_seen = 0, len(tokens), 0
    while i < end:
        tok = tokens[i]
        kind = tok.type
        if kind not in _QUICK_BLOCKS:
            return None
        if kind == "hr":
            i += 1
            continue
        if kind != "table_open":  # a paragraph or a heading: its inline content, then its close
            inline = tokens[i + 1] if i + 2 < end else None
            if inline is None or inline.type != "inline" or tokens[i + 2].nesting != -1:
                return None
            line = int(tok.attrs[LINE_ATTR])
            parts: list[str] = []
            at = line
            for child in inline.children or ():
                ck = child.type
                if ck == "text":
                    parts.append(child.content)
                elif ck == "softbreak":
                    parts.append("\n")
                elif ck == "hardbreak":
                    text_block(parts, at)
                    mark = child.attrs.get(LINE_ATTR) if child.attrs else None
                    at = int(mark) if mark and str(mark).isdigit() else line
                    parts = ["\n"]
                else:
                    return None
            if "|" in inline.content and "\n" in inline.content:
                return None  # pipe rows on lines of a paragraph: the HTML reader's _pipe_paragraph cuts them
            text_block(parts, at)
            i += 3
            continue
        rows: list[tuple[int, list[str]]] = []  # a table: each row's line and its cells' text
        i += 1
        while i < end and tokens[i].type != "table_close":
            tk = tokens[i]
            kind = tk.type
            if kind == "tr_open":
                rows.append((int(tk.attrs[ROW_ATTR]), []))
            elif kind == "inline":
                texts = []
                for child in tk.children or ():
                    if child.type != "text":
                        return None
                    texts.append(child.content)
                rows[-1][1].append("".join(texts))
            elif kind not in _QUICK_TABLE:
                return None
            i += 1
        i += 1
        width = max((len(cells) for _, cells in rows), default=0)
        cells_seen += sum(len(cells) for _, cells in rows)
        if cells_seen > _QUICK_MAX_CELLS:
            return None
        if width <= 1:  # a layout table: each cell's text a block of its own
            for line, cells in rows:
                for cell in cells:
                    text_block([cell], line)
            continue
        t = tables
        tables += 1
        columns = [f"{c}列" for c in range(1, width + 1)]
        row_lines = [line for line, _ in rows]
        for r, (line, texts) in enumerate(rows):
            where = f"第{t + 1}个表格 第{r + 1}行 第"
            cells = [RawCell(clean_text(text), Location(source, line, where + column))
                     for text, column in zip(texts, columns)]
            if line <= len(lines):
                read = _row_cells(lines, source, line, cells, t, r, lambda: row_lines)
                if read is None:
                    continue
                cells, unplaced = read
            else:
                unplaced = False
            blocks.append(RowBlock(cells, Location(source=source, line=line, where=f"第{t + 1}个表格 第{r + 1}行"),
                                   table=t, in_columns=not unplaced))
    return without_row_numbers(blocks)


_UNNAMED = re.compile(r"\|\s*Unnamed: \d+\s*(?=\|)")
_NAN_CELL = re.compile(r"(?<=\|)(\s*)(?:NaN|nan)(\s*)(?=\|)")


def _dataframe_blanks(text: str) -> str:
    """A spreadsheet dumped through pandas (markitdown's .xlsx → Markdown) prints an empty cell as "NaN" and an
    empty header cell as "Unnamed: 3": in a pipe table whose header row names a column "Unnamed: N" those cells
    are empty (blank), never text — read as text, "NaN" would be "not a number" and, before a row's first value,
    taken for its label (the row's values then shift left).  Other tables, and "NaN" elsewhere, are kept as
    printed.  Line for line (the line numbers stay)."""
    if "Unnamed: " not in text or "NaN" not in text and "nan" not in text:
        return text
    lines = text.split("\n")
    k = 0
    while k < len(lines):
        if not (lines[k].lstrip().startswith("|") and _UNNAMED.search(lines[k])):
            k += 1
            continue
        end = k
        while end < len(lines) and lines[end].lstrip().startswith("|"):
            end += 1
        for i in range(k, end):
            lines[i] = _NAN_CELL.sub(r"\1\2", _UNNAMED.sub("| ", lines[i]))
        k = end
    return "\n".join(lines)


def _markdown_tokens(text: str, source: str) -> list:
    """markdown-it's tokens of ``text`` (:func:`_parser`); ReadError when it fails."""
    try:
        return _parser(text).parse(text)
    except Exception as e:  # markdown-it is robust; this guards pathological input
        raise ReadError(source, f"Markdown 无法解析：{e}") from None


def read_markdown(text: str | bytes, source: str, *, max_bytes: int = MAX_BYTES) -> RawDocument:
    """Read a Markdown report into a :class:`RawDocument` (``reader="markdown"``).

    ``text`` is the file's text or bytes (bytes are decoded as the HTML reader decodes:
    BOM, UTF-8, GB18030).  ``title`` is the first level-1 heading, if any.  Raises
    :class:`ReadError` (Chinese message naming ``source``) for empty, oversized, binary or
    undecodable input and for a document without any text.
    """
    if isinstance(text, bytes):
        check_bytes(text, source, max_bytes, kind="Markdown")
        text, codec, _ = decode_bytes(text, source, kind="Markdown")
    else:
        check_bytes(text.encode("utf-8", "surrogatepass"), source, max_bytes, kind="Markdown")
        codec = "str"
    text = text.lstrip("\ufeff")
    text, crawler = _crawler_header(text)
    text = _dataframe_blanks(text)
    if might_have_grid(text):
        text = _grid_tables_as_html(text)
    text = _ruled_tables_as_pipes(text)
    text = _widen_pipe_tables(text)
    text, inserted = _complete_pipe_tables(text)
    text, inserted = worded_rows_as_pipes(text, inserted)
    # Markdown of paragraphs, headings and pipe tables only: its tokens made here (as markdown-it makes them)
    tokens = _simple_tokens(text)
    if tokens is None:
        tokens = _markdown_tokens(text, source)
    _annotate(tokens)
    _split_short_lines(tokens)
    lines = re.split(r"\r\n|\r|\n", text)  # the line breaks markdown-it counts
    # the blocks straight from the tokens where they are the rendered HTML's (paragraphs, headings, pipe tables):
    # the HTML round trip — render, parse with lxml, walk — only for what the direct reading does not cover
    blocks = None if _NOT_QUICK.search(text) else _blocks_from_tokens(tokens, lines, source)
    if blocks is None:
        md = _parser(text)
        if tokens and isinstance(tokens[0], _Tok):  # (more cells than the direct reading takes: markdown-it's)
            tokens = _markdown_tokens(text, source)
            _annotate(tokens)
            _split_short_lines(tokens)
        html = md.renderer.render(tokens, md.options, {})
        if not html.strip():
            raise ReadError(source, "文件中没有可读取的文字或表格（Markdown）")
        root = parse_html(f"<html><body>{html}</body></html>", source)
        blocks = blocks_from_tree(root, source, line_of=_line_of, row_hook=_row_hook(lines, source))
    if not blocks:
        raise ReadError(source, "文件中没有可读取的文字或表格（Markdown）")
    if inserted:
        _restore_lines(blocks, inserted)
    title = ""
    for tok_i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.tag == "h1":
            title = clean_text(tokens[tok_i + 1].content)
            break
    return RawDocument(source=source, blocks=blocks, reader="markdown", title=title or crawler.get("title", ""),
                       meta={**crawler, "encoding": codec})


def _grid_tables_as_html(text: str) -> str:
    """pandoc's grid tables (``+----+``, cells wrapped over several lines, spans) as the HTML tables they stand
    for (:func:`gongkai.readers.grid_text.grid_html`), each on its first line, its other lines an HTML comment
    (the block goes on, every later block keeps its line number); a block that is not a complete grid stays."""
    lines = re.split(r"\r\n|\r|\n", text)
    found = False
    for s, e in grid_tables(lines):
        table = grid_html(lines[s:e])
        if table is not None:
            lines[s] = table
            lines[s + 1:e] = ["<!-- -->"] * (e - s - 1)
            found = True
    return "\n".join(lines) if found else text


def _crawler_header(text: str) -> tuple[str, dict]:
    """A crawler's header ("标题: …" lines closed by "==== 正文 ====", as in the text exports) above Markdown
    content: read into metadata and blanked out (the lines stay, so every block keeps its line number)."""
    lines = text.split("\n")
    for i, line in enumerate(lines[:40]):
        if _BODY_MARK.match(line):
            meta = {}
            for head in lines[:i]:
                m = _META.match(head)
                if m:
                    meta[_META_KEYS[m.group(1)]] = m.group(2).strip()
            return "\n" * (i + 1) + "\n".join(lines[i + 1:]), meta
    return text, {}

