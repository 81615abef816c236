"""Markdown writer: sections as headings, tables as pipe tables.

Pipe tables cannot merge cells, so the layout is flattened from the format model:

* table 二: per block (``Row.block``) its caption as a line of its own, then a pipe table
  ``信息内容 | <the block's column labels>``;
* tables 三 and 四: one header row whose labels are the column paths joined with "/"
  ("申请人情况/法人或其他组织/商业企业", "行政诉讼/复议后起诉/总计"); the row labels keep
  one column per level of the ``Row.group`` chain, with the group label written on the
  first row of its group only (what a merged cell shows) and the row's own label always in
  the last label column, and the 勾稽关系 note in the top-left header cell.
"""

from __future__ import annotations

import re

from ..format import Table
from ..report import AnnualReport
from .layout import (BLOCK_LABEL_HEADER, cell_text, front_matter, layout, row_path, rows_as_printed,
                     section_blocks)


# CommonMark backslash escapes (spec §2.4): raw HTML ("<script>"), entities ("&lt;"), emphasis,
# code spans and links in the source text print as the characters they are
_INLINE = re.compile(r"([\\`*_\[\]<>&])")
_BLOCK_START = re.compile(r"^(\s*)([#>+=~-]|\d{1,9}(?=[.)]))")


def _text(text: str) -> str:
    """Text as Markdown that renders to the same characters: no HTML, no markup, one line."""
    out = _INLINE.sub(r"\\\1", (text or "").replace("\n", " "))
    return _BLOCK_START.sub(lambda m: m.group(1) + ("\\" + m.group(2) if not m.group(2)[0].isdigit()
                                                     else m.group(2) + "\\"), out, count=1)


def _esc(text: str) -> str:
    """A pipe-table cell: :func:`_text` with "|" escaped."""
    return _INLINE.sub(r"\\\1", (text or "").replace("\n", " ")).replace("|", "\\|")


def _pipe(cells: list[str]) -> str:
    return "| " + " | ".join(_esc(c) for c in cells) + " |"


def table_markdown(report: AnnualReport, table: Table) -> str:
    """One table as Markdown (pipe tables; table 二 as one pipe table per block)."""
    out: list[str] = []
    rows = rows_as_printed(report, table)
    if any(r.block for r in rows):
        blocks: list[str] = []
        for r in rows:
            if r.block not in blocks:
                blocks.append(r.block)
        for block in blocks:
            brows = [r for r in rows if r.block == block]
            cols = table.columns_of(brows[0])
            out += [_text(block), "", _pipe([BLOCK_LABEL_HEADER, *[c.label for c in cols]]),
                    _pipe(["---"] + ["---:"] * len(cols))]
            for r in brows:
                out.append(_pipe([r.label, *[cell_text(report.cell(table.number, r.id, c.id))
                                             for c in table.columns_of(r)]]))
            out.append("")
        return "\n".join(out).rstrip() + "\n"
    grid = layout(report, table)
    depth = grid.label_cols
    header = ([table.caption] + [""] * (depth - 1) if depth else []) + ["/".join(c.path) for c in table.columns]
    out += [_pipe(header), _pipe(["---"] * depth + ["---:"] * len(table.columns))]
    previous: tuple[str, ...] = ()
    for r in rows:
        labels: list[str] = []
        if depth:
            # the row's own label goes to the last label column, so the cell before the values is
            # never empty (an empty cell there would read as a blank value); a group label is
            # written on the first row of its group only, as a merged cell shows it
            path = row_path(table, r)
            labels = [""] * depth
            for k, text in enumerate(path[:-1]):
                if previous[:k + 1] != path[:k + 1]:
                    labels[k] = text
            labels[depth - 1] = path[-1]
            previous = path
        values = [cell_text(report.cell(table.number, r.id, c.id)) if c in table.columns_of(r) else ""
                  for c in table.columns]
        out.append(_pipe(labels + values))
    return "\n".join(out) + "\n"


def write_markdown(report: AnnualReport) -> str:
    """The report as Markdown text (str): ``#`` title, ``##`` sections, pipe tables.

    Text is escaped (CommonMark backslash escapes): "<script>" in a paragraph prints as text,
    never as raw HTML, and markup characters print as themselves.
    """
    agency_line, title, preamble = front_matter(report)
    out = [_text(agency_line), ""] if agency_line else []  # printed above the title, as the source did
    out += [f"# {_text(title)}", ""]
    for t in preamble:
        out += [_text(t), ""]
    for _number, title, paragraphs, table in section_blocks(report):
        out += [f"## {_text(title)}", ""]
        for p in paragraphs:
            if p.strip():
                out += [_text(p.strip()), ""]
        if table is not None:
            out += [table_markdown(report, table), ""]
    return "\n".join(out).rstrip() + "\n"
