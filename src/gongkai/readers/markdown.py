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

from ..report import Location
from ..textutil import nfkc
from .base import RawCell, RawDocument, ReadError
from .grid_text import grid_html, grid_tables, might_have_grid
from .ruler import ruler_rows
from .pipes import is_delimiter_row, split_pipe_row
from .html import MAX_BYTES, blocks_from_tree, check_bytes, clean_text, decode_bytes, parse_html
from .text import _BODY_MARK, _META, _META_KEYS

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


def _parser(text: str | None = None) -> MarkdownIt:
    """The parser (CommonMark and pipe tables); for ``text``, without the rules none of whose characters
    it holds (the same tokens, parsed quicker)."""
    return _parser_without(tuple(name for name, chars in _TRIGGERS if text is not None
                                 and not any(ch in text for ch in chars)))


@lru_cache(maxsize=64)
def _parser_without(rules: tuple[str, ...]) -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table")
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
    lines = re.split(r"\r\n|\r|\n", text)
    out: list[str] = []
    inserted: list[int] = []
    for i, line in enumerate(lines):
        out.append(line)
        if not _PIPE_ROW.match(line) or is_delimiter_row(line) or line.count("|") < 3:
            continue
        prev = lines[i - 1] if i else ""
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if _PIPE_ROW.match(prev) or is_delimiter_row(nxt):
            continue  # inside a table, or the header row of one
        out.append("|" + "---|" * len(split_pipe_row(line)))
        inserted.append(len(out))
    return ("\n".join(out), inserted) if inserted else (text, [])


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
    for i in range(1, len(lines)):
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


def _outer_pipes(tr, lines: list[str], n: int) -> tuple[int, int] | None:
    """How many empty cells the outer pipes of row line ``n`` stand for, (before, after): (0, 0) in GFM's reading
    (an outer pipe is a border).  In a table printed without outer pipes (its delimiter row has none) a pipe at
    the start or the end of a row is a cell boundary: python-html2text writes a row whose first cell is empty as
    "| | | 1| 0| 2" and one whose last cell is empty as "行政强制| ".  None when the table's other body rows have
    as many cells as GFM's reading gives and none as many as this one: the two readings disagree, neither is
    taken."""
    line = lines[n - 1].strip()
    lead, trail = line.startswith("|"), line.endswith("|") and not line.endswith("\\|")
    if not (lead or trail):
        return 0, 0
    table = tr.getparent()
    while table is not None and table.tag != "table":
        table = table.getparent()
    if table is None:
        return 0, 0
    numbers = [int(x) for x in (row.get(ROW_ATTR) for row in table.iter("tr")) if x and x.isdigit()]
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


def _merged_numbers(cells: list[RawCell]) -> list[RawCell] | None:
    """A row with cells holding several numbers apart ("| 22 10 |", "| 5 38 |", "２<br>９<br>２"): a converter
    put the numbers of several cells (or of several rows, or a number wrapped over lines) into one pipe cell, and
    "22 10" must not be read as 2210.  Returns the row's printed cells, each number its own cell, the empty cells
    left out (which cells were empty is not known): read unplaced, they are taken only when they are as many as
    the row's cells in the format and the row's totals hold, else the row is unread.  Digits spread by character
    spacing ("| 1 0 | 0 0 |" may be 10 and 0 or 1, 0, 0, 0) cannot be told from numbers put together: they are
    read so too — never joined.  None when no cell holds numbers apart."""
    if not any(_NUMBER_GROUPS.match(nfkc(c.text).strip()) for c in cells):
        return None
    out: list[RawCell] = []
    for c in cells:
        text = nfkc(c.text).strip()
        if _NUMBER_GROUPS.match(text):
            out.extend(RawCell(g, c.location) for g in text.split())
        elif c.text.strip():
            out.append(c)
    return out


def _row_hook(lines: list[str], source: str):
    def hook(tr, cells: list[RawCell], t: int, r: int) -> list[RawCell] | None:
        row_line = tr.get(ROW_ATTR)
        if not row_line or not row_line.isdigit() or int(row_line) > len(lines):
            return cells  # an HTML table inside the Markdown: read as HTML
        n = int(row_line)
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
            tr.set(UNPLACED_ATTR, "1")
            return merged
        outer = _outer_pipes(tr, lines, n)
        if outer is None:  # the row's values stand in columns that cannot be told: read them unplaced
            tr.set(UNPLACED_ATTR, "1")
            return [c for c in cells if c.text.strip()]
        lead, trail = outer
        if lead or trail:
            def empty(c):
                return RawCell("", Location(source=source, line=n, where=f"第{t + 1}个表格 第{r + 1}行 第{c}列"))
            cells = [empty(1)] * lead + cells + [empty(len(cells) + lead + 1)] * trail
        return cells

    return hook


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
    md = _parser(text)
    try:
        tokens = md.parse(text)
    except Exception as e:  # markdown-it is robust; this guards pathological input
        raise ReadError(source, f"Markdown 无法解析：{e}") from None
    _annotate(tokens)
    _split_short_lines(tokens)
    html = md.renderer.render(tokens, md.options, {})
    if not html.strip():
        raise ReadError(source, "文件中没有可读取的文字或表格（Markdown）")
    root = parse_html(f"<html><body>{html}</body></html>", source)
    lines = re.split(r"\r\n|\r|\n", text)  # the line breaks markdown-it counts
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

